resource "aws_ebs_encryption_by_default" "on" {}

resource "aws_instance" "web" {
  ami           = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.micro"
}
