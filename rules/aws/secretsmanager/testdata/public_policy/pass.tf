resource "aws_secretsmanager_secret" "api" {
  name = "prod/payments/api-key"
}

resource "aws_secretsmanager_secret_policy" "api" {
  secret_arn = aws_secretsmanager_secret.api.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PaymentsService"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/payments-service" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
