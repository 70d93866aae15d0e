# Neither the bucket nor the account declares Block Public Access.
resource "aws_s3_bucket" "reports" {
  bucket = "example-quarterly-reports"
}
