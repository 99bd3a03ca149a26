"""Draw the app icon (resources/icons/agent-app.png, agent-app-64.png and agent-app.ico) with Qt:
a blue tile, a white shield with a tick. Run it after changing the drawing; the files are committed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make.py
"""

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent
app = QGuiApplication(sys.argv)
size = 256
img = QImage(size, size, QImage.Format.Format_ARGB32)
img.fill(Qt.GlobalColor.transparent)
p = QPainter(img)
p.setRenderHint(QPainter.RenderHint.Antialiasing)
p.setPen(Qt.PenStyle.NoPen)
p.setBrush(QColor("#0b5cad"))
p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
shield = QPainterPath()
shield.moveTo(128, 40)
shield.cubicTo(160, 58, 188, 64, 206, 64)
shield.cubicTo(206, 140, 186, 190, 128, 220)
shield.cubicTo(70, 190, 50, 140, 50, 64)
shield.cubicTo(68, 64, 96, 58, 128, 40)
p.setBrush(QColor("white"))
p.drawPath(shield)
pen = QPen(
    QColor("#0b5cad"), 22, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
)
p.setPen(pen)
p.setBrush(Qt.BrushStyle.NoBrush)
tick = QPainterPath(QPointF(88, 128))
tick.lineTo(118, 158)
tick.lineTo(170, 102)
p.drawPath(tick)
p.end()
assert img.save(str(HERE / "agent-app.png"))
small = img.scaled(64, 64, mode=Qt.TransformationMode.SmoothTransformation)
assert small.save(str(HERE / "agent-app-64.png"))
assert img.save(str(HERE / "agent-app.ico")), "Qt has no ICO writer here"
print("ok")
