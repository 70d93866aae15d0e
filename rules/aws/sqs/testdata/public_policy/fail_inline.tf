resource "aws_sqs_queue" "uploads" {
  name = "upload-notifications"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sqs:*"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:upload-notifications"
    }]
  })
}
