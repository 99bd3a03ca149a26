"""The lists BHXH takes (D05-TS, D03-TS) laid out as .xlsx, shared by the laptop's export
(``agent_app.services.exports``) and the console's Downloads page
(``sync.server.console.lists``): one layout for both ends. Store-free and Qt-free."""
