# A network load balancer with plain TCP listeners writes no access logs
# at all: nothing to turn on.
resource "aws_lb" "ingest" {
  name               = "ingest"
  load_balancer_type = "network"
  subnets            = ["subnet-0aa11bb22cc33dd44"]
}

resource "aws_lb_target_group" "ingest" {
  name     = "ingest"
  port     = 5044
  protocol = "TCP"
  vpc_id   = "vpc-0123456789abcdef0"
}

resource "aws_lb_listener" "ingest" {
  load_balancer_arn = aws_lb.ingest.arn
  port              = 5044
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingest.arn
  }
}
