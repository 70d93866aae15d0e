resource "aws_autoscaling_group" "web" {
  name               = "web"
  min_size           = 2
  max_size           = 4
  availability_zones = ["us-east-1a", "us-east-1b"]

  launch_template {
    id = "lt-0123456789abcdef0"
  }
}
