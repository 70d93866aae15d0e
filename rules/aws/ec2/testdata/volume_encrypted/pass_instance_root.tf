resource "aws_instance" "web" {
  ami           = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.micro"

  root_block_device {
    encrypted   = true
    volume_size = 20
  }

  ebs_block_device {
    device_name = "/dev/sdh"
    volume_size = 50
    encrypted   = true
  }
}
