variable "name" {
  type = string
}

variable "encrypt" {
  type    = bool
  default = true
}

variable "dlq_allow_account" {
  type        = string
  description = "Account allowed to redrive from the dead-letter queue."
}

module "dlq" {
  source        = "./modules/dlq"
  name          = "${var.name}-dlq"
  encrypt       = var.encrypt
  allow_account = var.dlq_allow_account
}

resource "aws_sqs_queue" "main" {
  name                       = var.name
  visibility_timeout_seconds = 120
  sqs_managed_sse_enabled    = var.encrypt
  redrive_policy = jsonencode({
    deadLetterTargetArn = module.dlq.arn
    maxReceiveCount     = 5
  })
}

output "url" {
  value = aws_sqs_queue.main.url
}
