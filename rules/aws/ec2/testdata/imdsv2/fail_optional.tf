resource "aws_instance" "web" {
  ami           = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional"
  }
}
