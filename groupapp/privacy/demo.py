"""Demo privacy notice: published, accepted by every participant but one.

Jordan has not accepted it yet, so signing in as Jordan shows the consent step.
"""

from __future__ import annotations

from groupapp.demo import DemoContext
from groupapp.privacy import consent
from groupapp.privacy.services import NOTICE, publish_notice

DEMO_NOTICE = """\
Riverside Counselling Collective keeps what you share in groupapp to run your group:
your name, email and time zone; the intake form you fill in before your first meeting;
which meetings you attended; the homework you hand in and the feedback on it; your
check-in answers and scores; your personal goals and how you rate them; and your answers
to the short feedback after each meeting.

Who sees it: your facilitators see your intake form, attendance, homework, check-ins and
goals. After each meeting they write a short private note and an observation rating
about each member; only they and our administrators see these. Feedback after a meeting
reaches them without names once five or more members have answered, otherwise only as
counts. Other members see only your display name, and homework you choose to share with
the group. If you invite a support person, they see only what you choose, and you see
when they looked. Our administrators see the audit log of who opened what.

Your check-in scores and the observation ratings are not a diagnosis. If an answer
suggests you may be at risk, your facilitators are alerted so someone can reach out.

You can download everything we hold about you from "My data" at any time, and ask us
to delete it. We answer deletion requests within 30 days.
"""

DEMO_NOTICE_ES = """\
Riverside Counselling Collective guarda lo que usted comparte en groupapp para organizar
su grupo: su nombre, su correo electrónico y su zona horaria; el formulario de entrada que
rellena antes de la primera reunión; las reuniones a las que asistió; las tareas que
entrega y los comentarios sobre ellas; sus respuestas y puntuaciones de seguimiento; sus
objetivos personales y cómo los valora; y sus respuestas a la breve encuesta después de
cada reunión.

Quién lo ve: sus facilitadores ven su formulario de entrada, su asistencia, sus tareas,
sus seguimientos y sus objetivos. Después de cada reunión escriben una nota privada breve
y una valoración de observación sobre cada miembro; solo ellos y nuestros administradores
las ven. Las respuestas a la encuesta después de una reunión les llegan sin nombres
cuando han respondido cinco miembros o más; si no, solo como recuentos. Los demás
miembros solo ven su nombre visible y las tareas que usted decida compartir con el grupo.
Si invita a una persona de apoyo, esa persona solo ve lo que usted elija, y usted ve
cuándo lo consultó. Nuestros administradores ven el registro de quién abrió qué.

Sus puntuaciones de seguimiento y las valoraciones de observación no son un diagnóstico.
Si una respuesta sugiere que usted podría estar en riesgo, se avisa a sus facilitadores
para que alguien se ponga en contacto con usted.

Puede descargar todo lo que guardamos sobre usted desde "Mis datos" en cualquier momento
y pedirnos que lo eliminemos. Respondemos a las solicitudes de eliminación en un plazo de
30 días.
"""

NOT_YET_ACCEPTED = "jordan@riverside.example.org"


def seed(ctx: DemoContext) -> None:
    notice = publish_notice(ctx.admin, DEMO_NOTICE, DEMO_NOTICE_ES)
    for participant in ctx.participants:
        if participant.email != NOT_YET_ACCEPTED:
            consent.accept(participant, NOTICE, ctx.organisation.id, notice.version)
