resource "aws_route53_zone" "internal" {
  name = "internal.example.corp"

  vpc {
    vpc_id = "vpc-0aa11bb22cc33dd44"
  }
}
