resource "aws_launch_template" "web" {
  name          = "web"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = "false"
  }
}

# No network interfaces: the subnet decides, which EC2.15 judges.
resource "aws_launch_template" "plain" {
  name     = "plain"
  image_id = "ami-0123456789abcdef0"
}
