# Provider v3 style: the policy set on the bucket itself.
resource "aws_s3_bucket" "records" {
  bucket = "example-patient-records"
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "DenyPlainHTTP",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::example-patient-records", "arn:aws:s3:::example-patient-records/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
      }]
    }
  POLICY
}
