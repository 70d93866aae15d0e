resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]

  access_logs {
    bucket = "example-elb-logs"
  }
}

