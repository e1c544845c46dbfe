print("sms-gateway")
