# The script reads its secret at boot with the instance profile's role.
resource "aws_instance" "web" {
  ami                  = "ami-0123456789abcdef0"
  instance_type        = "t3.micro"
  iam_instance_profile = "web"
  user_data            = <<EOF
#!/bin/bash
export AWS_DEFAULT_REGION=us-west-2
DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)
export DB_PASSWORD
echo "<h1>Deployed</h1>" > /var/www/html/index.html
EOF
}

resource "aws_instance" "plain" {
  ami              = "ami-0123456789abcdef0"
  instance_type    = "t3.micro"
  user_data_base64 = base64encode("#!/bin/bash\nyum -y install httpd\n")
}
