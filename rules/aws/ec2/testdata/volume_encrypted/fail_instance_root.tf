# No root_block_device: the root volume comes from the AMI, unencrypted
# unless asked for or the region encrypts by default.
resource "aws_instance" "web" {
  ami           = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.micro"
}
