resource "aws_elb" "web" {
  name    = "web"
  subnets = ["subnet-0aa11bb22cc33dd44"]

  listener {
    instance_port     = 8000
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }

  access_logs {
    bucket = "elb-logs-111111111111"
  }
}
