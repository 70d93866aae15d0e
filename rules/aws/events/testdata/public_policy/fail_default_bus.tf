# No event_bus_name: the policy applies to the account's default bus.
resource "aws_cloudwatch_event_bus_policy" "default" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "events:PutEvents"
      Resource  = "arn:aws:events:eu-west-1:111122223333:event-bus/default"
    }]
  })
}
