# The aws_alb / aws_alb_listener aliases.
resource "aws_alb" "legacy" {
  name    = "legacy"
  subnets = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]
}

resource "aws_alb_listener" "http" {
  load_balancer_arn = aws_alb.legacy.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
      message_body = "ok"
    }
  }
}
