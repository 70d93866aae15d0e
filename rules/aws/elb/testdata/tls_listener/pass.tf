resource "aws_elb" "web" {
  name    = "web"
  subnets = ["subnet-0aa11bb22cc33dd44"]

  # The application redirects plain HTTP to the HTTPS listener.
  listener {
    instance_port     = 8000
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }

  listener {
    instance_port      = 8000
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }

  access_logs {
    bucket = "elb-logs-111111111111"
  }
}
