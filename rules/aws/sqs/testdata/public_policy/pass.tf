resource "aws_sqs_queue" "uploads" {
  name = "upload-notifications"
}

resource "aws_sqs_queue_policy" "uploads" {
  queue_url = aws_sqs_queue.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "FromUploadsBucket"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:eu-west-1:111122223333:upload-notifications"
      Condition = {
        ArnEquals = { "aws:SourceArn" = "arn:aws:s3:::example-uploads" }
      }
    }]
  })
}
