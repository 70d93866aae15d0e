resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 2
  max_size            = 4
  availability_zones  = ["us-east-1a", "us-east-1b"]
  target_group_arns   = ["arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web/0123456789abcdef"]

  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
