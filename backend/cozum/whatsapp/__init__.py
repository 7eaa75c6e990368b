"""The WhatsApp Çözüm Hattı: Meta's Cloud API webhook in, tickets and their threads out."""
