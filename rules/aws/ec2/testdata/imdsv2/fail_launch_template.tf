resource "aws_launch_template" "app" {
  name          = "app"
  image_id      = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.small"
}

resource "aws_instance" "app" {
  launch_template {
    name = "app"
  }
}
