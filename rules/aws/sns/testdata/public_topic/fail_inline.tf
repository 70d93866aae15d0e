resource "aws_sns_topic" "events" {
  name = "bucket-events"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "SNS:Subscribe"
      Resource  = "arn:aws:sns:eu-west-1:111122223333:bucket-events"
    }]
  })
}
