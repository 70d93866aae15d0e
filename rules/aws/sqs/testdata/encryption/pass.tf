resource "aws_kms_key" "orders" {
  description         = "Orders queue key"
  enable_key_rotation = true
}

resource "aws_sqs_queue" "orders" {
  name                              = "orders"
  kms_master_key_id                 = aws_kms_key.orders.arn
  kms_data_key_reuse_period_seconds = 300
}
