from entrega.app import create_app

app = create_app()
