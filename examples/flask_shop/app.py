"""A small shop API: Flask over SQLite. It runs, and it has the mistakes hardlint is built to find."""

from flask import Flask, jsonify, request

from auth import check_password, hash_password
from db import find_products, get_db, save_order

app = Flask(__name__)
app.config["SECRET_KEY"] = "f3b9c1d27a5e48e0b6a4d8c2e1f07a93"


@app.get("/products")
def products():
    term = request.args.get("q", "")
    return jsonify(find_products(term))


@app.post("/orders")
def create_order():
    payload = request.get_json()
    try:
        order_id = save_order(payload["product_id"], payload["quantity"])
    except Exception as exc:
        return jsonify({"error": str(exc)}), 500
    return jsonify({"id": order_id}), 201


@app.post("/users")
def create_user():
    payload = request.get_json()
    db = get_db()
    db.execute("INSERT INTO users (name, password) VALUES (?, ?)",
               (payload["name"], hash_password(payload["password"])))
    db.commit()
    return jsonify({"ok": True}), 201


@app.post("/login")
def login():
    payload = request.get_json()
    row = get_db().execute("SELECT password FROM users WHERE name = ?", (payload["name"],)).fetchone()
    try:
        ok = row is not None and check_password(payload["password"], row[0])
    except:
        ok = False
    return jsonify({"ok": ok})


@app.get("/reports/export")
def export_report():
    # TODO: check that the caller is an admin
    return jsonify({"status": "queued"})


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
