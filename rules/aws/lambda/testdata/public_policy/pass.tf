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

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "orders.zip"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "orders-uploads-example"
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowUploadsBucket"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.orders.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = "111122223333"
}
