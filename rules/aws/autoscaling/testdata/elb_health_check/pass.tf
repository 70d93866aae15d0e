resource "aws_autoscaling_group" "web" {
  name               = "web"
  min_size           = 2
  max_size           = 4
  availability_zones = ["us-east-1a", "us-east-1b"]
  target_group_arns  = ["arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/web/0123456789abcdef"]
  health_check_type  = "ELB"

  launch_template {
    id = "lt-0123456789abcdef0"
  }
}

# Not load balanced: EC2 checks are all there is.
resource "aws_autoscaling_group" "batch" {
  name               = "batch"
  min_size           = 0
  max_size           = 4
  availability_zones = ["us-east-1a", "us-east-1b"]

  launch_template {
    id = "lt-0123456789abcdef0"
  }
}
