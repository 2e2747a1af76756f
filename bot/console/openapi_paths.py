"""The paths of the OpenAPI document: one entry per /api/ route."""

from __future__ import annotations

from bot.console.openapi import CHAT_FIELDS, CHAT_REPLY, TRANSCRIPT_RESULT, body, errors
from intake.status import STATUSES

PATHS = {
    "/api/chat": {"post": {
        "summary": "Send one web-chat message; get the dialogue's replies.", "security": [],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["session"], "properties": CHAT_FIELDS}}}},
        "responses": {"200": body(CHAT_REPLY, "The replies"), **errors(400, 413, 503)}}},
    "/api/chat/photo": {"post": {
        "summary": "Send a photo (JPEG, PNG or WebP) into a web-chat conversation.", "security": [],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["session", "photo"], "additionalProperties": False,
            "properties": {**CHAT_FIELDS, "photo": {"type": "string", "format": "binary"}}}}}},
        "responses": {"200": body(CHAT_REPLY, "The replies"), **errors(400, 413, 415, 503)}}},
    "/api/leads/{reference}/status": {"post": {
        "summary": "Case backend callback: where a lead stands. Signed with X-Gongqian-Signature.",
        "security": [{"signature": []}],
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["status"],
            "properties": {"status": {"type": "string", "enum": list(STATUSES)},
                           "note": {"type": "string", "maxLength": 500},
                           "case_id": {"type": "string", "minLength": 1, "maxLength": 128}}}}}},
        "responses": {"200": body({"type": "object"}, "Recorded"), **errors(400, 401, 404)}}},
    "/api/transcripts": {"post": {
        "summary": "Read a hotline call transcript into a draft lead; with submit=true, also submit it.",
        "parameters": [{"name": "submit", "in": "query", "required": False,
                        "schema": {"type": "boolean", "default": False}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["text"],
            "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 20000},
                           "date": {"type": "string", "format": "date"}}}}}},
        "responses": {"200": body(TRANSCRIPT_RESULT, "The draft (and the lead, when it was submitted before)"),
                      "201": body(TRANSCRIPT_RESULT, "Submitted: a new lead in the outbox"),
                      **errors(400, 401, 422)}}},
    "/api/openapi.json": {"get": {
        "summary": "This document.",
        "responses": {"200": body({"type": "object"}, "The OpenAPI document"), **errors(401)}}},
}


def document(public_url: str) -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "gongqian API", "version": "1",
                 "description": "Web chat, case-backend callbacks and the call-centre transcript API."},
        "servers": [{"url": public_url}],
        "paths": PATHS,
        "components": {"securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A token from `gongqian tokens create`."},
            "signature": {"type": "apiKey", "in": "header", "name": "X-Gongqian-Signature"}}},
        "security": [{"bearer": []}],
    }
