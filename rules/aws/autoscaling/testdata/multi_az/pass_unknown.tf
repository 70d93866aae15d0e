# Subnets from elsewhere: their zones are unknown, so is the verdict.
resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = var.private_subnet_ids

  launch_template {
    id = "lt-0123456789abcdef0"
  }
}

variable "private_subnet_ids" {
  type = list(string)
}
