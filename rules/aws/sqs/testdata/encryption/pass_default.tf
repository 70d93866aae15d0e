# New queues get SSE-SQS unless it is turned off.
resource "aws_sqs_queue" "orders" {
  name = "orders"
}
