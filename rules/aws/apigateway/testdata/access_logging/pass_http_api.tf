resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/apigateway/events"
  retention_in_days = 365
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.events.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = "$context.requestId $context.status"
  }
}
