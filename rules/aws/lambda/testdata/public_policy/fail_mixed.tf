resource "aws_iam_role" "fn" {
  name = "orders-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_caller_identity" "current" {}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "orders.zip"
}

# Scoped to this account: its account ID is known only at plan time.
resource "aws_lambda_permission" "events" {
  statement_id   = "AllowEventBridge"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.orders.function_name
  principal      = "events.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

# Open to anyone, whatever the other permission says.
resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "*"
}
