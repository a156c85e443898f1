// The sandbox's seeded template library, in Meta's template object shape (as
// `GET /{waba-id}/message_templates` returns it). Written for wacon; each template is also a
// file in Tests/Corpus/templates-sandbox/sandbox-NAME.LANGUAGE.json, which a test keeps equal to this.
// Generated once from one list, so the two agree; edit both together.

extension SandboxTemplateLibrary {
    /// Parsed on first use (a static is initialised lazily), so a sandbox that never lists
    /// templates never parses it.
    static let seedJSON = #"""
[
  {
    "name": "hello_world",
    "language": "en",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "HEADER",
        "format": "TEXT",
        "text": "Hello World"
      },
      {
        "type": "BODY",
        "text": "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us."
      },
      {
        "type": "FOOTER",
        "text": "WhatsApp Business Platform sample message"
      }
    ],
    "quality_score": {
      "score": "GREEN"
    },
    "id": "1192339204654488"
  },
  {
    "name": "hello_world",
    "language": "en_US",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "HEADER",
        "format": "TEXT",
        "text": "Hello World"
      },
      {
        "type": "BODY",
        "text": "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us."
      },
      {
        "type": "FOOTER",
        "text": "WhatsApp Business Platform sample message"
      }
    ],
    "quality_score": {
      "score": "GREEN"
    },
    "id": "1192339204654487"
  },
  {
    "name": "order_update",
    "language": "en_US",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "HEADER",
        "format": "IMAGE",
        "example": {
          "header_handle": [
            "https://sandbox.wacon.invalid/media/order-parcel.jpg"
          ]
        }
      },
      {
        "type": "BODY",
        "text": "Hi {{1}}, your order {{2}} is packed and leaves our warehouse today. We will tell you when it is out for delivery.",
        "example": {
          "body_text": [
            [
              "Ayesha",
              "ORD-48213"
            ]
          ]
        }
      },
      {
        "type": "FOOTER",
        "text": "Reply STOP to opt out of order updates"
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "QUICK_REPLY",
            "text": "Talk to support"
          },
          {
            "type": "PHONE_NUMBER",
            "text": "Call us",
            "phone_number": "+15551234567"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "GREEN",
      "date": 1764547200
    },
    "id": "1100000000000001"
  },
  {
    "name": "verification_code",
    "language": "en_US",
    "status": "APPROVED",
    "category": "AUTHENTICATION",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "*{{1}}* is your verification code. For your security, do not share this code.",
        "add_security_recommendation": true,
        "example": {
          "body_text": [
            [
              "482913"
            ]
          ]
        }
      },
      {
        "type": "FOOTER",
        "text": "This code expires in 10 minutes.",
        "code_expiration_minutes": 10
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "OTP",
            "otp_type": "COPY_CODE",
            "text": "Copy code"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "GREEN",
      "date": 1764547200
    },
    "id": "1100000000000002"
  },
  {
    "name": "summer_sale",
    "language": "en_US",
    "status": "APPROVED",
    "category": "MARKETING",
    "parameter_format": "NAMED",
    "components": [
      {
        "type": "HEADER",
        "format": "TEXT",
        "text": "Summer sale for {{first_name}}",
        "example": {
          "header_text_named_params": [
            {
              "param_name": "first_name",
              "example": "Ayesha"
            }
          ]
        }
      },
      {
        "type": "BODY",
        "text": "Hi {{first_name}}, take {{discount}} off everything in store until {{end_date}}.",
        "example": {
          "body_text_named_params": [
            {
              "param_name": "first_name",
              "example": "Ayesha"
            },
            {
              "param_name": "discount",
              "example": "25%"
            },
            {
              "param_name": "end_date",
              "example": "31 August"
            }
          ]
        }
      },
      {
        "type": "FOOTER",
        "text": "Tap Stop promotions to unsubscribe"
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "URL",
            "text": "Shop the sale",
            "url": "https://shop.example.com/sale"
          },
          {
            "type": "QUICK_REPLY",
            "text": "Stop promotions"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "GREEN",
      "date": 1764547200
    },
    "id": "1100000000000003"
  },
  {
    "name": "new_arrivals_carousel",
    "language": "en_US",
    "status": "APPROVED",
    "category": "MARKETING",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "{{1}}, two favourites from your wishlist just arrived.",
        "example": {
          "body_text": [
            [
              "Ayesha"
            ]
          ]
        }
      },
      {
        "type": "CAROUSEL",
        "cards": [
          {
            "components": [
              {
                "type": "HEADER",
                "format": "IMAGE",
                "example": {
                  "header_handle": [
                    "https://sandbox.wacon.invalid/media/linen-shirt.jpg"
                  ]
                }
              },
              {
                "type": "BODY",
                "text": "{{1}} is back in stock in every size.",
                "example": {
                  "body_text": [
                    [
                      "The linen shirt"
                    ]
                  ]
                }
              },
              {
                "type": "BUTTONS",
                "buttons": [
                  {
                    "type": "QUICK_REPLY",
                    "text": "More like this"
                  },
                  {
                    "type": "URL",
                    "text": "Buy now",
                    "url": "https://shop.example.com/p/{{1}}",
                    "example": [
                      "https://shop.example.com/p/linen-shirt"
                    ]
                  }
                ]
              }
            ]
          },
          {
            "components": [
              {
                "type": "HEADER",
                "format": "IMAGE",
                "example": {
                  "header_handle": [
                    "https://sandbox.wacon.invalid/media/canvas-tote.jpg"
                  ]
                }
              },
              {
                "type": "BODY",
                "text": "{{1}} is back in stock in every size.",
                "example": {
                  "body_text": [
                    [
                      "The canvas tote"
                    ]
                  ]
                }
              },
              {
                "type": "BUTTONS",
                "buttons": [
                  {
                    "type": "QUICK_REPLY",
                    "text": "More like this"
                  },
                  {
                    "type": "URL",
                    "text": "Buy now",
                    "url": "https://shop.example.com/p/{{1}}",
                    "example": [
                      "https://shop.example.com/p/canvas-tote"
                    ]
                  }
                ]
              }
            ]
          }
        ]
      }
    ],
    "quality_score": {
      "score": "YELLOW",
      "date": 1764547200
    },
    "id": "1100000000000004"
  },
  {
    "name": "book_appointment",
    "language": "en_US",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "Hi {{1}}, your next check-up is due. Pick a time that suits you in a few taps.",
        "example": {
          "body_text": [
            [
              "Ayesha"
            ]
          ]
        }
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "FLOW",
            "text": "Book a visit",
            "flow_id": "1234567890123456",
            "flow_action": "navigate",
            "navigate_screen": "BOOK"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "GREEN",
      "date": 1764547200
    },
    "id": "1100000000000005"
  },
  {
    "name": "winter_clearance",
    "language": "en_US",
    "status": "PAUSED",
    "category": "MARKETING",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "Last chance, {{1}}: winter stock is {{2}} off until Sunday.",
        "example": {
          "body_text": [
            [
              "Ayesha",
              "40%"
            ]
          ]
        }
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "QUICK_REPLY",
            "text": "Stop promotions"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "RED",
      "date": 1764547200
    },
    "id": "1100000000000006"
  },
  {
    "name": "loyalty_points_legacy",
    "language": "en_US",
    "status": "DISABLED",
    "category": "MARKETING",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "{{1}}, you have {{2}} loyalty points waiting. Spend them before they expire!",
        "example": {
          "body_text": [
            [
              "Ayesha",
              "1,250"
            ]
          ]
        }
      }
    ],
    "quality_score": {
      "score": "RED",
      "date": 1764547200
    },
    "id": "1100000000000007"
  },
  {
    "name": "appointment_reminder",
    "language": "en_US",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "Hi {{1}}, this is a reminder of your appointment on {{2}}. Reply to this message to change it.",
        "example": {
          "body_text": [
            [
              "Ayesha",
              "12 March at 10:30"
            ]
          ]
        }
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "QUICK_REPLY",
            "text": "Confirm"
          },
          {
            "type": "QUICK_REPLY",
            "text": "Reschedule"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "GREEN",
      "date": 1764547200
    },
    "id": "1100000000000008"
  },
  {
    "name": "appointment_reminder",
    "language": "es",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameter_format": "POSITIONAL",
    "components": [
      {
        "type": "BODY",
        "text": "Hola {{1}}, le recordamos su cita del {{2}}. Responda a este mensaje si desea cambiarla.",
        "example": {
          "body_text": [
            [
              "Lucía",
              "12 de marzo a las 10:30"
            ]
          ]
        }
      },
      {
        "type": "BUTTONS",
        "buttons": [
          {
            "type": "QUICK_REPLY",
            "text": "Confirmar"
          },
          {
            "type": "QUICK_REPLY",
            "text": "Cambiar cita"
          }
        ]
      }
    ],
    "quality_score": {
      "score": "UNKNOWN",
      "date": 1764547200
    },
    "id": "1100000000000009"
  }
]
"""#
}
