resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "network"
  subnets            = ["subnet-0aa11bb22cc33dd44"]
}

resource "aws_lb_target_group" "api" {
  name     = "api"
  port     = 8443
  protocol = "TCP"
  vpc_id   = "vpc-0123456789abcdef0"
}

resource "aws_lb_listener" "api" {
  load_balancer_arn = aws_lb.api.arn
  port              = 443
  protocol          = "TLS"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/0b6b2c53-6f0e-4a43-9c1b-5c2f0d1e7a11"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
