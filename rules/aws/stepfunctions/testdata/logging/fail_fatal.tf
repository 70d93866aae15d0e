resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = "arn:aws:iam::111111111111:role/orders-flow"
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })

  logging_configuration {
    level           = "FATAL"
    log_destination = "${aws_cloudwatch_log_group.orders.arn}:*"
  }
}

resource "aws_cloudwatch_log_group" "orders" {
  name = "/aws/vendedlogs/states/orders"
}
