resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [var.subnet_id]

  launch_template {
    id = "lt-0123456789abcdef0"
  }
}

variable "subnet_id" {
  type = string
}
