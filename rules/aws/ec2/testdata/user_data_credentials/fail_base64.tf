resource "aws_instance" "worker" {
  ami              = "ami-0123456789abcdef0"
  instance_type    = "t3.micro"
  user_data_base64 = base64encode("#!/bin/bash\nmysql -u admin --password=S3cretPassw0rd -e 'select 1'\n")
}
