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

# A container image brings its own runtime.
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  package_type  = "Image"
  image_uri     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2"
}
