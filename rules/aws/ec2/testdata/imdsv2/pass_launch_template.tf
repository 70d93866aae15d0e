resource "aws_launch_template" "app" {
  name          = "app"
  image_id      = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.small"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

resource "aws_instance" "app" {
  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}
