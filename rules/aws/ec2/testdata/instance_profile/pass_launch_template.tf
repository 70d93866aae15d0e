resource "aws_launch_template" "app" {
  name     = "app"
  image_id = "ami-0a1b2c3d4e5f60718"

  iam_instance_profile {
    name = "app-profile"
  }
}

resource "aws_instance" "app" {
  launch_template {
    id = aws_launch_template.app.id
  }
}
