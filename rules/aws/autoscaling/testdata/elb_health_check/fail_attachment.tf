# Attached by a separate resource; health_check_type left at EC2.
resource "aws_autoscaling_group" "web" {
  name               = "web"
  min_size           = 2
  max_size           = 4
  availability_zones = ["us-east-1a", "us-east-1b"]
  health_check_type  = "EC2"

  launch_template {
    name = "web"
  }
}

resource "aws_autoscaling_attachment" "web" {
  autoscaling_group_name = aws_autoscaling_group.web.id
  lb_target_group_arn    = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web/0123456789abcdef"
}
