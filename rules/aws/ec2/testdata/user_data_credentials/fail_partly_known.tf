# The endpoint is known only after apply; the password the script
# writes (a variable's default) is known now.
variable "db_password" {
  default = "Aa1234321Bb"
}

resource "aws_db_instance" "db" {
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "admin"
  password          = var.db_password
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<EOF
#!/bin/bash
cat > /var/www/inc/dbinfo.inc <<EOT
<?php
define('DB_SERVER', '${aws_db_instance.db.endpoint}');
define('DB_PASSWORD', '${var.db_password}');
?>
EOT
EOF
}
