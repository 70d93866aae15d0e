resource "aws_lambda_function" "report" {
  count = var.enable_reporting ? 1 : 0

  function_name = "${local.prefix}-daily-report"
  role          = aws_iam_role.reporting.arn
  runtime       = "python3.12"
  handler       = "report.handler"
  filename      = "${path.module}/build/report.zip"
  timeout       = 60
  memory_size   = 256

  environment {
    variables = {
      ORDERS_BUCKET    = module.bucket["assets"].id
      DB_HOST          = aws_db_instance.orders.address
      PAYMENTS_API_KEY = var.payments_api_key
    }
  }

  vpc_config {
    subnet_ids         = module.vpc.private_subnet_ids
    security_group_ids = [module.vpc.app_security_group_id]
  }
}
