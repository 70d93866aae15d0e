resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/0b6b2c53-6f0e-4a43-9c1b-5c2f0d1e7a11"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

# protocol defaults to HTTP on an application load balancer.
resource "aws_lb_listener" "plain" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
