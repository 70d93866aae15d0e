resource "aws_vpc" "app" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_vpc" "shared" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.shared.id
  auto_accept = true
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id

  route {
    cidr_block                = "0.0.0.0/0"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_shared.id
  }
}
