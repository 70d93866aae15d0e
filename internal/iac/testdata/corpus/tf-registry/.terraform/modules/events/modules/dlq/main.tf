variable "name" {
  type = string
}

variable "encrypt" {
  type = bool
}

variable "allow_account" {
  type = string
}

resource "aws_sqs_queue" "dlq" {
  name                      = var.name
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = var.encrypt
}

resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Redrive"
      Effect    = "Allow"
      Principal = { AWS = var.allow_account }
      Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource  = aws_sqs_queue.dlq.arn
    }]
  })
}

output "arn" {
  value = aws_sqs_queue.dlq.arn
}
