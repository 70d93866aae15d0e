# Every default: no subnet, direct internet access, root access.
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::111111111111:role/sagemaker"
  instance_type = "ml.t3.medium"
}
