# wacon history #128: botika template to 👨‍a👩‍ 👧5xg+27 82 555 xcurl -X POST https://graph.facebook.com/v23.0/1/messages  curl -X POST https://graph.facebook.com/v23.0/1/messages  {"type":"text"}中文字 curl -X POST https://graph.facebook.com/v23.0/1/messages '😀	curl -X POST /🇿🇦👨‍👩‍👧Y+27 82 555 0100 ky1l中文, invalid
curl -X POST 'http://127.0.0.1:41713/api/whatsapp/v1/messages' \
  -H 'Authorization: Bearer [redacted]' \
  -H 'Content-Type: application/json' \
  --data-raw '{
  "to": "👨‍a👩‍ 👧5xg+27 82 555 xcurl -X POST https://graph.facebook.com/v23.0/1/messages  curl -X POST https://graph.facebook.com/v23.0/1/messages  {\"type\":\"text\"}中文字 curl -X POST https://graph.facebook.com/v23.0/1/messages '\''😀\tcurl -X POST /🇿🇦👨‍👩‍👧Y+27 82 555 0100 ky1l中文",
  "reply_message_id": "中文hIé+שלוםé/r👨‍👩‍👧Kשלוםjb",
  "type": "template",
  "template": {
    "name": "hello_world",
    "language": "en_US"
  }
}'

