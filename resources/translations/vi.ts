<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en_US">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About</source>
            <translation>Giới thiệu</translation>
        </message>
        <message>
            <source>BHXH field agent</source>
            <translation>Cán bộ thu BHXH</translation>
        </message>
        <message>
            <source>GNU General Public License, version 3 or later (%1)</source>
            <translation>Giấy phép Công cộng GNU, phiên bản 3 trở lên (%1)</translation>
        </message>
        <message>
            <source>Version:</source>
            <translation>Phiên bản:</translation>
        </message>
        <message>
            <source>Licence:</source>
            <translation>Giấy phép:</translation>
        </message>
        <message>
            <source>Data folder:</source>
            <translation>Thư mục dữ liệu:</translation>
        </message>
        <message>
            <source>Log file:</source>
            <translation>Tệp nhật ký:</translation>
        </message>
        <message>
            <source>Server:</source>
            <translation>Máy chủ:</translation>
        </message>
        <message>
            <source>Last sync:</source>
            <translation>Đồng bộ lần cuối:</translation>
        </message>
        <message>
            <source>Show the &amp;licence</source>
            <translation>Xem &amp;giấy phép</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>Đó&amp;ng</translation>
        </message>
        <message>
            <source>not connected to a server</source>
            <translation>chưa kết nối máy chủ</translation>
        </message>
        <message>
            <source>never</source>
            <translation>chưa lần nào</translation>
        </message>
        <message>
            <source>Hide the &amp;licence</source>
            <translation>Ẩn &amp;giấy phép</translation>
        </message>
    </context>
    <context>
        <name>AppContext</name>
        <message>
            <source>Something went wrong: %1. Your saved data is safe; please try again.</source>
            <translation>Đã xảy ra lỗi: %1. Dữ liệu đã lưu vẫn an toàn; vui lòng thử lại.</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Lỗi</translation>
        </message>
    </context>
    <context>
        <name>AttentionModel</name>
        <message>
            <source>Kind</source>
            <translation>Loại</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Bản ghi</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
        <message>
            <source>Household</source>
            <translation>Hộ gia đình</translation>
        </message>
        <message>
            <source>Member</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>Lần thăm</translation>
        </message>
        <message>
            <source>Enrollment</source>
            <translation>Đăng ký tham gia</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Biên lai</translation>
        </message>
        <message>
            <source>Outreach event</source>
            <translation>Sự kiện tuyên truyền</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>Hẹn gặp lại</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Bị trả về</translation>
        </message>
        <message>
            <source>Conflict</source>
            <translation>Xung đột</translation>
        </message>
        <message>
            <source>a supervisor must resolve this</source>
            <translation>cần cán bộ quản lý xử lý</translation>
        </message>
    </context>
    <context>
        <name>AttentionPage</name>
        <message>
            <source>Needs attention</source>
            <translation>Cần xử lý</translation>
        </message>
        <message>
            <source>F&amp;ix and send again…</source>
            <translation>&amp;Sửa và gửi lại…</translation>
        </message>
        <message>
            <source>&amp;Resolve conflict…</source>
            <translation>&amp;Xử lý xung đột…</translation>
        </message>
        <message>
            <source>&amp;Dismiss</source>
            <translation>&amp;Bỏ qua</translation>
        </message>
        <message>
            <source>R&amp;efresh</source>
            <translation>&amp;Làm mới</translation>
        </message>
        <message>
            <source>Nothing needs attention. Everything sent was accepted.</source>
            <translation>Không có gì cần xử lý. Mọi dữ liệu đã gửi đều được chấp nhận.</translation>
        </message>
        <message>
            <source>%1 rejected, %2 in conflict</source>
            <translation>%1 bản ghi bị trả về, %2 bản ghi xung đột</translation>
        </message>
        <message>
            <source>Choose, field by field, which value to keep.</source>
            <translation>Chọn giá trị cần giữ cho từng mục.</translation>
        </message>
        <message>
            <source>Correct the record and send it again, or dismiss it.</source>
            <translation>Sửa lại bản ghi rồi gửi lại, hoặc bỏ qua.</translation>
        </message>
        <message>
            <source>You cannot fix this from the laptop: a supervisor must resolve it. You may dismiss it from this list.</source>
            <translation>Không thể sửa trên máy này: cần cán bộ quản lý xử lý. Có thể bỏ qua mục này khỏi danh sách.</translation>
        </message>
    </context>
    <context>
        <name>AttentionValues</name>
        <message>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Không</translation>
        </message>
    </context>
    <context>
        <name>BackupDialog</name>
        <message>
            <source>Backup</source>
            <translation>Sao lưu</translation>
        </message>
        <message>
            <source>A backup is one file with all of this profile's data, encrypted with your passphrase: keep the passphrase, you need it to restore. Choose a folder on a USB stick; while the app is open a backup is made there once a day.</source>
            <translation>Bản sao lưu là một tệp chứa toàn bộ dữ liệu của hồ sơ này, được mã hóa bằng mật khẩu của bạn: hãy giữ mật khẩu, cần có nó để khôi phục. Hãy chọn một thư mục trên USB; khi ứng dụng đang mở, mỗi ngày sẽ tự sao lưu một lần vào đó.</translation>
        </message>
        <message>
            <source>&amp;Choose folder…</source>
            <translation>&amp;Chọn thư mục…</translation>
        </message>
        <message>
            <source> backups</source>
            <translation> bản sao lưu</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>Thư mục:</translation>
        </message>
        <message>
            <source>Keep the last:</source>
            <translation>Giữ lại:</translation>
        </message>
        <message>
            <source>Last backup:</source>
            <translation>Lần sao lưu gần nhất:</translation>
        </message>
        <message>
            <source>To restore on another laptop: start the app there and choose “Restore from a backup…”.</source>
            <translation>Để khôi phục trên máy khác: mở ứng dụng trên máy đó và chọn “Khôi phục từ bản sao lưu…”.</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>&amp;Back up now</source>
            <translation>&amp;Sao lưu ngay</translation>
        </message>
        <message>
            <source>No folder chosen yet.</source>
            <translation>Chưa chọn thư mục.</translation>
        </message>
        <message>
            <source>%1 (not found now: is the USB stick plugged in?)</source>
            <translation>%1 (hiện không thấy: USB đã được cắm chưa?)</translation>
        </message>
        <message>
            <source>No backup yet.</source>
            <translation>Chưa có bản sao lưu nào.</translation>
        </message>
        <message>
            <source>%1, %2 (%3)</source>
            <translation>%1, %2 (%3)</translation>
        </message>
        <message>
            <source>Choose the backup folder</source>
            <translation>Chọn thư mục sao lưu</translation>
        </message>
        <message>
            <source>Backing up…</source>
            <translation>Đang sao lưu…</translation>
        </message>
        <message>
            <source>Backup written: %1 (%2, %3 records).</source>
            <translation>Đã ghi bản sao lưu: %1 (%2, %3 bản ghi).</translation>
        </message>
        <message>
            <source>It includes %1 changes not yet synced.</source>
            <translation>Bản sao lưu có cả %1 thay đổi chưa đồng bộ.</translation>
        </message>
        <message>
            <source>No backup was made: %1</source>
            <translation>Chưa sao lưu được: %1</translation>
        </message>
    </context>
    <context>
        <name>CallModel</name>
        <message>
            <source>ended %1 · %2 days ago</source>
            <translation>hết hạn %1 · %2 ngày trước</translation>
        </message>
        <message>
            <source>paid until %1</source>
            <translation>đã đóng đến %1</translation>
        </message>
        <message>
            <source>1 day overdue</source>
            <translation>quá hạn 1 ngày</translation>
        </message>
        <message>
            <source>%1 days overdue</source>
            <translation>quá hạn %1 ngày</translation>
        </message>
        <message>
            <source>cannot be priced</source>
            <translation>chưa tính được</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Thời hạn</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Họ tên</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Điện thoại</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Thôn, ấp</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Nội dung</translation>
        </message>
        <message>
            <source>Next payment</source>
            <translation>Lần đóng tới</translation>
        </message>
        <message>
            <source>Last call</source>
            <translation>Lần gọi gần nhất</translation>
        </message>
    </context>
    <context>
        <name>CallOutcomeDialog</name>
        <message>
            <source>Call with %1</source>
            <translation>Cuộc gọi với %1</translation>
        </message>
        <message>
            <source>Call again on</source>
            <translation>Gọi lại ngày</translation>
        </message>
        <message>
            <source>What was said (optional)</source>
            <translation>Nội dung trao đổi (không bắt buộc)</translation>
        </message>
        <message>
            <source>Outcome:</source>
            <translation>Kết quả:</translation>
        </message>
        <message>
            <source>Next:</source>
            <translation>Tiếp theo:</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>Ghi chú:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>CallsPage</name>
        <message>
            <source>Calls: renewals and follow-ups</source>
            <translation>Danh sách gọi: gia hạn và hẹn lại</translation>
        </message>
        <message>
            <source>Nobody to call: no paid period ends soon and no follow-up is due.</source>
            <translation>Chưa có ai cần gọi: không có ai sắp hết thời gian đóng và không có lịch hẹn đến hạn.</translation>
        </message>
        <message>
            <source>&amp;Record the call…</source>
            <translation>&amp;Ghi kết quả cuộc gọi…</translation>
        </message>
        <message>
            <source>Re&amp;new…</source>
            <translation>Gia hạ&amp;n…</translation>
        </message>
        <message>
            <source>Open the &amp;household</source>
            <translation>Mở &amp;hộ gia đình</translation>
        </message>
        <message>
            <source>&amp;Copy the message</source>
            <translation>&amp;Sao chép tin nhắn</translation>
        </message>
        <message>
            <source>Select a renewal to see the message to send.</source>
            <translation>Chọn một người cần gia hạn để xem tin nhắn gửi cho họ.</translation>
        </message>
        <message>
            <source>%1 renewals, %2 follow-ups, %3 overdue.</source>
            <translation>%1 người cần gia hạn, %2 lịch hẹn, %3 quá hạn.</translation>
        </message>
    </context>
    <context>
        <name>CloseDayDialog</name>
        <message>
            <source>Close the day</source>
            <translation>Chốt sổ cuối ngày</translation>
        </message>
        <message>
            <source>Records to check</source>
            <translation>Hồ sơ cần kiểm tra</translation>
        </message>
        <message>
            <source>Cash &amp;counted:</source>
            <translation>&amp;Tiền mặt đếm được:</translation>
        </message>
        <message>
            <source>count the cash, e.g. 6.602.280</source>
            <translation>đếm tiền mặt, ví dụ 6.602.280</translation>
        </message>
        <message>
            <source>&amp;Print to PDF…</source>
            <translation>&amp;In ra PDF…</translation>
        </message>
        <message>
            <source>Print the &amp;remittance slip…</source>
            <translation>In &amp;bảng kê nộp tiền…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Not connected to a server: the report covers this laptop only.</source>
            <translation>Chưa kết nối máy chủ: báo cáo chỉ gồm dữ liệu trên máy này.</translation>
        </message>
        <message>
            <source>Sending today's records…</source>
            <translation>Đang gửi dữ liệu trong ngày…</translation>
        </message>
        <message>
            <source>The server is unreachable: the report shows what is still to send.</source>
            <translation>Không kết nối được máy chủ: báo cáo cho biết những gì còn chờ gửi.</translation>
        </message>
        <message>
            <source>Sync finished: sent %1, %2 need attention.</source>
            <translation>Đồng bộ xong: đã gửi %1, %2 cần xử lý.</translation>
        </message>
        <message>
            <source>Records to check (%1): the day balances once each is settled</source>
            <translation>Hồ sơ cần kiểm tra (%1): sổ sẽ khớp khi xử lý xong từng hồ sơ</translation>
        </message>
        <message>
            <source>Issue receipt…</source>
            <translation>Lập biên lai…</translation>
        </message>
        <message>
            <source>Open receipt…</source>
            <translation>Mở biên lai…</translation>
        </message>
        <message>
            <source>Open household</source>
            <translation>Mở hộ gia đình</translation>
        </message>
        <message>
            <source>Count the cash and type the amount: the app shows over or short.</source>
            <translation>Đếm tiền mặt và nhập số tiền: ứng dụng sẽ báo thừa hay thiếu.</translation>
        </message>
        <message>
            <source>%1 (receipts: %2)</source>
            <translation>%1 (theo biên lai: %2)</translation>
        </message>
        <message>
            <source>Save the remittance slip as PDF</source>
            <translation>Lưu bảng kê nộp tiền thành PDF</translation>
        </message>
        <message>
            <source>Saved to %1</source>
            <translation>Đã lưu vào %1</translation>
        </message>
        <message>
            <source>Collected</source>
            <translation>Đã thu</translation>
        </message>
        <message>
            <source>Collected per scheme (đồng)</source>
            <translation>Số tiền đã thu theo loại hình (đồng)</translation>
        </message>
        <message>
            <source>Save the report as PDF</source>
            <translation>Lưu báo cáo thành tệp PDF</translation>
        </message>
    </context>
    <context>
        <name>CommunePicker</name>
        <message>
            <source>Type a commune name, e.g. u minh thuong</source>
            <translation>Gõ tên xã, phường, ví dụ: u minh thuong</translation>
        </message>
        <message>
            <source>&amp;Add</source>
            <translation>&amp;Thêm</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Bỏ</translation>
        </message>
        <message>
            <source>Your communes:</source>
            <translation>Xã, phường bạn phụ trách:</translation>
        </message>
    </context>
    <context>
        <name>ConfirmCollect</name>
        <message>
            <source>Confirm the amount to collect</source>
            <translation>Xác nhận số tiền thu</translation>
        </message>
        <message>
            <source>Collect %1?</source>
            <translation>Thu %1?</translation>
        </message>
        <message>
            <source>In words: %1</source>
            <translation>Bằng chữ: %1</translation>
        </message>
        <message>
            <source>&amp;Collect and save</source>
            <translation>&amp;Thu tiền và lưu</translation>
        </message>
        <message>
            <source>&amp;Back</source>
            <translation>&amp;Quay lại</translation>
        </message>
    </context>
    <context>
        <name>ConfirmationCodeDialog</name>
        <message>
            <source>Confirmation code</source>
            <translation>Mã xác nhận</translation>
        </message>
        <message>
            <source>The confirmation code BHXH returned for receipt %1. The person can check it on baohiemxahoi.gov.vn (Tra cứu) or in the VssID app.</source>
            <translation>Mã xác nhận cơ quan BHXH trả về cho biên lai %1. Người tham gia tra cứu mã trên baohiemxahoi.gov.vn (mục Tra cứu) hoặc trên ứng dụng VssID.</translation>
        </message>
        <message>
            <source>Confirmation &amp;code:</source>
            <translation>&amp;Mã xác nhận:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>ConflictDialog</name>
        <message>
            <source>Resolve a conflict</source>
            <translation>Xử lý xung đột</translation>
        </message>
        <message>
            <source>%1 was changed on the server too. Choose which value to keep:</source>
            <translation>%1 cũng đã được sửa trên máy chủ. Chọn giá trị cần giữ:</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Mục</translation>
        </message>
        <message>
            <source>Your value</source>
            <translation>Giá trị của bạn</translation>
        </message>
        <message>
            <source>Server value</source>
            <translation>Giá trị trên máy chủ</translation>
        </message>
        <message>
            <source>&amp;Keep the chosen values</source>
            <translation>&amp;Giữ các giá trị đã chọn</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>CoverMonth</name>
        <message>
            <source>From month: not filled in. Type the month cover starts (month/year), e.g. %1.</source>
            <translation>Từ tháng: chưa nhập. Nhập tháng bắt đầu tham gia (tháng/năm), ví dụ %1.</translation>
        </message>
        <message>
            <source>From month: “%1” is not a month/year; type e.g. 12/2026.</source>
            <translation>Từ tháng: “%1” không phải tháng/năm; nhập ví dụ 12/2026.</translation>
        </message>
        <message>
            <source>From month: %1 is outside the allowed range, %2 to %3.</source>
            <translation>Từ tháng: %1 ngoài khoảng cho phép, từ %2 đến %3.</translation>
        </message>
    </context>
    <context>
        <name>CrashReporter</name>
        <message>
            <source>Unexpected error</source>
            <translation>Lỗi không mong muốn</translation>
        </message>
        <message>
            <source>Something went wrong inside the app. What you saved is kept, and the form you were filling in is saved as a draft. You can go on working.</source>
            <translation>Ứng dụng gặp lỗi bên trong. Những gì đã lưu vẫn còn nguyên, biểu mẫu đang nhập được giữ làm bản nháp. Anh/chị có thể tiếp tục làm việc.</translation>
        </message>
        <message>
            <source>What happened: %1
A report was written to:
%2
Send it to support.</source>
            <translation>Chuyện gì đã xảy ra: %1
Báo cáo lỗi đã được ghi vào:
%2
Hãy gửi tệp này cho bộ phận hỗ trợ.</translation>
        </message>
    </context>
    <context>
        <name>DateField</name>
        <message>
            <source>dd/mm/yyyy</source>
            <translation>dd/mm/yyyy</translation>
        </message>
        <message>
            <source>Type dd/mm/yyyy, e.g. 15/03/1985 or 15031985; Alt+Down: calendar</source>
            <translation>Gõ ngày dạng dd/mm/yyyy, ví dụ 15/03/1985 hoặc 15031985; Alt+↓: mở lịch</translation>
        </message>
        <message>
            <source>Choose on a calendar (Alt+Down)</source>
            <translation>Chọn trên lịch (Alt+↓)</translation>
        </message>
    </context>
    <context>
        <name>DayReport</name>
        <message>
            <source>No.</source>
            <translation>Số</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Payer</source>
            <translation>Họ tên người nộp tiền</translation>
        </message>
        <message>
            <source>For</source>
            <translation>Nội dung thu</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Số tiền</translation>
        </message>
        <message>
            <source>In words (Vietnamese)</source>
            <translation>Bằng chữ</translation>
        </message>
        <message>
            <source>Collector</source>
            <translation>Người thu tiền</translation>
        </message>
        <message>
            <source>(Signature and full name)</source>
            <translation>(Ký, ghi rõ họ tên)</translation>
        </message>
        <message>
            <source>DAY-END RECONCILIATION</source>
            <translation>BÁO CÁO CHỐT SỔ CUỐI NGÀY</translation>
        </message>
        <message>
            <source>Receipts of the day</source>
            <translation>Biên lai trong ngày</translation>
        </message>
        <message>
            <source>Receipts</source>
            <translation>Số biên lai</translation>
        </message>
        <message>
            <source>Cash collected</source>
            <translation>Tổng tiền đã thu</translation>
        </message>
        <message>
            <source>Still to send</source>
            <translation>Còn chờ gửi</translation>
        </message>
        <message>
            <source>Rejected / needs attention</source>
            <translation>Bị trả về / cần xử lý</translation>
        </message>
        <message>
            <source>By scheme</source>
            <translation>Theo loại hình</translation>
        </message>
        <message>
            <source>By agent</source>
            <translation>Theo đại lý</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Không có</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Tổng cộng</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>Đồng bộ</translation>
        </message>
        <message>
            <source>Printed</source>
            <translation>In lúc</translation>
        </message>
        <message>
            <source>Conflicts to resolve</source>
            <translation>Xung đột cần xử lý</translation>
        </message>
        <message>
            <source>Charged by the day's enrollments</source>
            <translation>Tổng tiền theo hồ sơ đăng ký</translation>
        </message>
        <message>
            <source>Balanced: cash equals enrollments</source>
            <translation>Khớp: tiền thu bằng tổng các hồ sơ</translation>
        </message>
        <message>
            <source>NOT BALANCED — see the records to check below</source>
            <translation>CHƯA KHỚP — xem các hồ sơ cần kiểm tra bên dưới</translation>
        </message>
        <message>
            <source>Enrollments without a receipt</source>
            <translation>Hồ sơ chưa lập biên lai</translation>
        </message>
        <message>
            <source>Records to check</source>
            <translation>Hồ sơ cần kiểm tra</translation>
        </message>
        <message>
            <source>Cash counted</source>
            <translation>Tiền mặt đếm được</translation>
        </message>
        <message>
            <source>By the receipts</source>
            <translation>Theo biên lai</translation>
        </message>
        <message>
            <source>Over by {amount}</source>
            <translation>Thừa {amount}</translation>
        </message>
        <message>
            <source>Short by {amount}</source>
            <translation>Thiếu {amount}</translation>
        </message>
        <message>
            <source>Matches the receipts</source>
            <translation>Đủ, khớp với biên lai</translation>
        </message>
        <message>
            <source>{name} — {scheme}, {enrollment_amount}: enrolled on {paid_on} with no receipt. If the money was taken, issue the receipt; if not, tell the supervisor.</source>
            <translation>{name} — {scheme}, {enrollment_amount}: hồ sơ đăng ký ngày {paid_on} chưa có biên lai. Nếu đã thu tiền, lập biên lai; nếu chưa thu, báo giám sát.</translation>
        </message>
        <message>
            <source>Receipt {number} ({name}) says {receipt_amount}, but the enrollment charged {enrollment_amount}. Check the money taken.</source>
            <translation>Biên lai {number} ({name}) ghi {receipt_amount}, nhưng hồ sơ đăng ký tính {enrollment_amount}. Kiểm tra lại số tiền đã thu.</translation>
        </message>
        <message>
            <source>Receipt {number} ({name}, {receipt_amount}) is dated {issued_on}, but the enrollment says paid on {paid_on}. Open the record to check the day the money was taken.</source>
            <translation>Biên lai {number} ({name}, {receipt_amount}) ngày {issued_on}, nhưng hồ sơ đăng ký ghi ngày đóng {paid_on}. Mở hồ sơ để kiểm tra ngày thu tiền.</translation>
        </message>
        <message>
            <source>Receipt {number} ({receipt_amount}) has no enrollment on this laptop. Sync and close the day again; if it is still missing, tell the supervisor.</source>
            <translation>Biên lai {number} ({receipt_amount}) không có hồ sơ đăng ký trên máy này. Đồng bộ rồi chốt sổ lại; nếu vẫn thiếu, báo giám sát.</translation>
        </message>
    </context>
    <context>
        <name>DraftBanner</name>
        <message>
            <source>Continue the unfinished form?</source>
            <translation>Tiếp tục biểu mẫu đang nhập dở?</translation>
        </message>
        <message>
            <source>&amp;Continue</source>
            <translation>Tiế&amp;p tục</translation>
        </message>
        <message>
            <source>Start &amp;over</source>
            <translation>Nhập lại từ đầ&amp;u</translation>
        </message>
    </context>
    <context>
        <name>DueModel</name>
        <message>
            <source>1 day overdue</source>
            <translation>quá hạn 1 ngày</translation>
        </message>
        <message>
            <source>%1 days overdue</source>
            <translation>quá hạn %1 ngày</translation>
        </message>
        <message>
            <source>Paid until</source>
            <translation>Đã đóng đến</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Hẹn ngày</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Họ tên</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Thôn, ấp</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Điện thoại</translation>
        </message>
        <message>
            <source>Scheme</source>
            <translation>Loại bảo hiểm</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Lý do</translation>
        </message>
    </context>
    <context>
        <name>DuplicateGuard</name>
        <message>
            <source>Possible duplicate</source>
            <translation>Có thể bị trùng</translation>
        </message>
        <message>
            <source>Already enrolled in this scheme within the last 7 days: is this the same sign-up again?</source>
            <translation>Người này đã đăng ký loại hình này trong 7 ngày qua: đây có phải là đăng ký trùng không?</translation>
        </message>
        <message>
            <source>received from the server</source>
            <translation>nhận từ máy chủ</translation>
        </message>
        <message>
            <source>on this laptop</source>
            <translation>trên máy này</translation>
        </message>
        <message>
            <source>%1, CCCD %2: paid %3 on %4 (%5)</source>
            <translation>%1, CCCD %2: đã đóng %3 ngày %4 (%5)</translation>
        </message>
        <message>
            <source>&amp;Not a duplicate, go on</source>
            <translation>&amp;Không trùng, tiếp tục</translation>
        </message>
        <message>
            <source>&amp;Back</source>
            <translation>&amp;Quay lại</translation>
        </message>
    </context>
    <context>
        <name>EnrollmentDetailDialog</name>
        <message>
            <source>Enrollment</source>
            <translation>Đăng ký tham gia</translation>
        </message>
        <message>
            <source>Scheme:</source>
            <translation>Loại bảo hiểm:</translation>
        </message>
        <message>
            <source>Insured:</source>
            <translation>Người tham gia:</translation>
        </message>
        <message>
            <source>Paid on:</source>
            <translation>Ngày đóng:</translation>
        </message>
        <message>
            <source>Paid for:</source>
            <translation>Thời gian đã đóng:</translation>
        </message>
        <message>
            <source>Card valid:</source>
            <translation>Thẻ có giá trị:</translation>
        </message>
        <message>
            <source>Months:</source>
            <translation>Số tháng:</translation>
        </message>
        <message>
            <source>Chosen income:</source>
            <translation>Mức thu nhập chọn đóng:</translation>
        </message>
        <message>
            <source>Support:</source>
            <translation>Đối tượng hỗ trợ:</translation>
        </message>
        <message>
            <source>Method:</source>
            <translation>Phương thức đóng:</translation>
        </message>
        <message>
            <source>Amount:</source>
            <translation>Số tiền:</translation>
        </message>
        <message>
            <source>Receipt:</source>
            <translation>Biên lai:</translation>
        </message>
        <message>
            <source>Show the &amp;receipt…</source>
            <translation>Xem &amp;biên lai…</translation>
        </message>
        <message>
            <source>Not issued yet</source>
            <translation>Chưa lập</translation>
        </message>
        <message>
            <source>Issue the &amp;receipt…</source>
            <translation>Lập &amp;biên lai…</translation>
        </message>
    </context>
    <context>
        <name>EnrollmentForm</name>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>EventChoice</name>
        <message>
            <source>No event</source>
            <translation>Không gắn với hoạt động nào</translation>
        </message>
    </context>
    <context>
        <name>EventDialog</name>
        <message>
            <source>Record an outreach event</source>
            <translation>Ghi nhận hoạt động tuyên truyền</translation>
        </message>
        <message>
            <source>— choose —</source>
            <translation>— chọn —</translation>
        </message>
        <message>
            <source>people who came</source>
            <translation>số người đến dự</translation>
        </message>
        <message>
            <source>0 up to the attendees</source>
            <translation>từ 0 đến số người dự</translation>
        </message>
        <message>
            <source>Co&amp;mmune:</source>
            <translation>&amp;Xã, phường:</translation>
        </message>
        <message>
            <source>&amp;Kind of event:</source>
            <translation>Loại &amp;hoạt động:</translation>
        </message>
        <message>
            <source>&amp;Held on:</source>
            <translation>Ngày &amp;tổ chức:</translation>
        </message>
        <message>
            <source>&amp;Attendees:</source>
            <translation>Số người &amp;dự:</translation>
        </message>
        <message>
            <source>&amp;Leads:</source>
            <translation>Số người &amp;quan tâm:</translation>
        </message>
        <message>
            <source>&amp;Enrollments:</source>
            <translation>Số người tham &amp;gia:</translation>
        </message>
        <message>
            <source>&amp;Notes:</source>
            <translation>Ghi &amp;chú:</translation>
        </message>
    </context>
    <context>
        <name>EventTypes</name>
        <message>
            <source>Launch rally</source>
            <translation>Lễ phát động</translation>
        </message>
        <message>
            <source>Mobile team</source>
            <translation>Tổ lưu động</translation>
        </message>
        <message>
            <source>Counselling session</source>
            <translation>Hội nghị tư vấn</translation>
        </message>
        <message>
            <source>Door-to-door day</source>
            <translation>Tuyên truyền tại nhà</translation>
        </message>
        <message>
            <source>Livestream</source>
            <translation>Phát trực tuyến (livestream)</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Hoạt động khác</translation>
        </message>
    </context>
    <context>
        <name>EventsPage</name>
        <message>
            <source>Held on</source>
            <translation>Ngày tổ chức</translation>
        </message>
        <message>
            <source>Kind of event</source>
            <translation>Loại hoạt động</translation>
        </message>
        <message>
            <source>Commune</source>
            <translation>Xã, phường</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>Số người dự</translation>
        </message>
        <message>
            <source>Leads</source>
            <translation>Số người quan tâm</translation>
        </message>
        <message>
            <source>&amp;Record an event…</source>
            <translation>&amp;Ghi nhận hoạt động…</translation>
        </message>
        <message>
            <source>Targets: achieved against plan per commune</source>
            <translation>Chỉ tiêu: kết quả so với kế hoạch theo xã, phường</translation>
        </message>
        <message>
            <source>Outreach events</source>
            <translation>Hoạt động tuyên truyền</translation>
        </message>
        <message>
            <source>new voluntary SI</source>
            <translation>BHXH tự nguyện mới</translation>
        </message>
        <message>
            <source>new household HI members</source>
            <translation>người tham gia BHYT hộ gia đình mới</translation>
        </message>
        <message>
            <source>outreach events</source>
            <translation>buổi tuyên truyền</translation>
        </message>
        <message>
            <source>Achieved, as a percentage of the plan</source>
            <translation>Kết quả đạt được, tính theo % kế hoạch</translation>
        </message>
        <message>
            <source>No targets received yet.</source>
            <translation>Chưa nhận được chỉ tiêu.</translation>
        </message>
    </context>
    <context>
        <name>EventsSummaryDialog</name>
        <message>
            <source>Outreach events: totals and sign-ups</source>
            <translation>Hoạt động truyền thông: tổng hợp và lượt đăng ký</translation>
        </message>
        <message>
            <source>Totals per type of event</source>
            <translation>Tổng hợp theo loại hoạt động</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Số hoạt động</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>Số người dự</translation>
        </message>
        <message>
            <source>Leads</source>
            <translation>Số người quan tâm</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>Lần thăm</translation>
        </message>
        <message>
            <source>Enrollments</source>
            <translation>Hồ sơ đăng ký</translation>
        </message>
        <message>
            <source>People signed up</source>
            <translation>Số người tham gia</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Loại hoạt động</translation>
        </message>
        <message>
            <source>Sign-ups per event (visits and enrollments that name it)</source>
            <translation>Lượt đăng ký theo từng hoạt động (lần thăm và hồ sơ ghi hoạt động đó)</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Commune</source>
            <translation>Xã, phường</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Tổ, đội</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Launch rally</source>
            <translation>Lễ phát động</translation>
        </message>
        <message>
            <source>Mobile propaganda team</source>
            <translation>Đội tuyên truyền lưu động</translation>
        </message>
        <message>
            <source>Counselling session</source>
            <translation>Hội nghị tư vấn</translation>
        </message>
        <message>
            <source>Door-to-door round</source>
            <translation>Tuyên truyền tại nhà</translation>
        </message>
        <message>
            <source>Livestream</source>
            <translation>Phát trực tuyến (livestream)</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Hoạt động khác</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export lists D05-TS / D03-TS</source>
            <translation>Xuất danh sách D05-TS / D03-TS</translation>
        </message>
        <message>
            <source>D05-TS — voluntary social insurance</source>
            <translation>D05-TS — BHXH tự nguyện</translation>
        </message>
        <message>
            <source>D03-TS — household health insurance</source>
            <translation>D03-TS — BHYT hộ gia đình</translation>
        </message>
        <message>
            <source>List:</source>
            <translation>Danh sách:</translation>
        </message>
        <message>
            <source>Print layout (Decision 490/QĐ-BHXH)</source>
            <translation>Mẫu in (Quyết định 490/QĐ-BHXH)</translation>
        </message>
        <message>
            <source>Import layout of the collection software</source>
            <translation>Mẫu nhập vào phần mềm thu</translation>
        </message>
        <message>
            <source>Layout:</source>
            <translation>Kiểu tệp:</translation>
        </message>
        <message>
            <source>to</source>
            <translation>đến</translation>
        </message>
        <message>
            <source>Paid from:</source>
            <translation>Đóng từ ngày:</translation>
        </message>
        <message>
            <source>All my communes</source>
            <translation>Tất cả xã được giao</translation>
        </message>
        <message>
            <source>Commune:</source>
            <translation>Xã/phường:</translation>
        </message>
        <message>
            <source>Collection organisation (header of the printed list)</source>
            <translation>Tổ chức dịch vụ thu (phần đầu của danh sách in)</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Tên:</translation>
        </message>
        <message>
            <source>Code:</source>
            <translation>Mã đơn vị:</translation>
        </message>
        <message>
            <source>Tax code:</source>
            <translation>Mã số thuế:</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>Địa chỉ:</translation>
        </message>
        <message>
            <source>not known: left blank on the list</source>
            <translation>chưa biết: để trống trên danh sách</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Đang kiểm tra…</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>Người tham gia</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Mục</translation>
        </message>
        <message>
            <source>Problem and what to do</source>
            <translation>Lỗi và cách xử lý</translation>
        </message>
        <message>
            <source>Write the good rows only (the blocked rows are left out of the file)</source>
            <translation>Chỉ ghi các dòng hợp lệ (bỏ các dòng bị chặn ra khỏi tệp)</translation>
        </message>
        <message>
            <source>&amp;Save…</source>
            <translation>&amp;Lưu…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>The first day is after the last day.</source>
            <translation>Ngày bắt đầu sau ngày kết thúc.</translation>
        </message>
        <message>
            <source>Rows ready: %1. Rows blocked by the problems below: %2. Correct them, or tick the box at the bottom to write the good rows only.</source>
            <translation>Sẵn sàng: %1 dòng. Bị chặn vì các lỗi dưới đây: %2 dòng. Hãy sửa các lỗi, hoặc đánh dấu ô ở cuối để chỉ ghi các dòng hợp lệ.</translation>
        </message>
        <message>
            <source>Rows ready: %1. Nothing blocks the list.</source>
            <translation>Sẵn sàng: %1 dòng. Danh sách không có lỗi.</translation>
        </message>
        <message>
            <source>No payment of this scheme in these days and communes.</source>
            <translation>Không có lần đóng nào của loại hình này trong khoảng ngày và địa bàn đã chọn.</translation>
        </message>
        <message>
            <source>Save the list</source>
            <translation>Lưu danh sách</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Tệp Excel (*.xlsx)</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Đang lưu…</translation>
        </message>
        <message>
            <source>Saved to %2 (rows: %1).</source>
            <translation>Đã lưu vào %2 (%1 dòng).</translation>
        </message>
        <message>
            <source>Blocked rows left out: %1.</source>
            <translation>Đã bỏ ra %1 dòng bị chặn.</translation>
        </message>
        <message>
            <source>Not saved: some rows became blocked since the check; see the list.</source>
            <translation>Chưa lưu: có dòng mới bị chặn sau lần kiểm tra; xem danh sách lỗi.</translation>
        </message>
        <message>
            <source>Not saved: %1 could not be written (%2). If the file is open in a spreadsheet program, close it and save again, or choose another name.</source>
            <translation>Chưa lưu: không ghi được %1 (%2). Nếu tệp đang mở trong chương trình bảng tính, hãy đóng lại rồi lưu lại, hoặc chọn tên khác.</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <source>New agent profile</source>
            <translation>Tạo hồ sơ cán bộ</translation>
        </message>
        <message>
            <source>Your data stays on this laptop, encrypted with your passphrase. Nobody can recover a forgotten passphrase: write it down somewhere safe.</source>
            <translation>Dữ liệu được lưu trên máy này và mã hóa bằng mật khẩu của bạn. Không ai khôi phục được mật khẩu đã quên: hãy ghi lại và cất ở nơi an toàn.</translation>
        </message>
        <message>
            <source>Your supervisor gave you a user name and a one-time enrollment code. Your name, agent code and communes come from the server.</source>
            <translation>Người quản lý đã cấp cho anh/chị tên đăng nhập và mã đăng ký dùng một lần. Họ tên, mã cán bộ và các xã phụ trách sẽ được lấy từ máy chủ.</translation>
        </message>
        <message>
            <source>Server &amp;address:</source>
            <translation>Địa chỉ &amp;máy chủ:</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>&amp;Tên đăng nhập:</translation>
        </message>
        <message>
            <source>&amp;Enrollment code:</source>
            <translation>Mã đăng ký thiết &amp;bị:</translation>
        </message>
        <message>
            <source>Agent &amp;name:</source>
            <translation>&amp;Họ tên cán bộ:</translation>
        </message>
        <message>
            <source>Agent &amp;code:</source>
            <translation>Mã cán &amp;bộ:</translation>
        </message>
        <message>
            <source>Co&amp;mmunes:</source>
            <translation>&amp;Xã, phường phụ trách:</translation>
        </message>
        <message>
            <source>&amp;Passphrase:</source>
            <translation>Mật &amp;khẩu:</translation>
        </message>
        <message>
            <source>Passphrase a&amp;gain:</source>
            <translation>Nhập &amp;lại mật khẩu:</translation>
        </message>
        <message>
            <source>&amp;Open the app</source>
            <translation>&amp;Mở ứng dụng</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Restore from a &amp;backup…</source>
            <translation>Khôi &amp;phục từ bản sao lưu…</translation>
        </message>
        <message>
            <source>C&amp;onnect</source>
            <translation>Kết &amp;nối</translation>
        </message>
        <message>
            <source>Start &amp;without a server…</source>
            <translation>&amp;Dùng không cần máy chủ…</translation>
        </message>
        <message>
            <source>C&amp;reate profile</source>
            <translation>Tạo hồ &amp;sơ</translation>
        </message>
        <message>
            <source>Connect to a &amp;server instead</source>
            <translation>Kết nối với &amp;máy chủ</translation>
        </message>
        <message>
            <source>Too short: at least 8 characters.</source>
            <translation>Quá ngắn: cần ít nhất 8 ký tự.</translation>
        </message>
        <message>
            <source>Weak: longer is better.</source>
            <translation>Yếu: nên dài hơn.</translation>
        </message>
        <message>
            <source>Fair.</source>
            <translation>Trung bình.</translation>
        </message>
        <message>
            <source>Good.</source>
            <translation>Tốt.</translation>
        </message>
        <message>
            <source>Strong.</source>
            <translation>Mạnh.</translation>
        </message>
        <message>
            <source>The two passphrases differ.</source>
            <translation>Hai mật khẩu không khớp nhau.</translation>
        </message>
        <message>
            <source>The passphrase needs at least 8 characters.</source>
            <translation>Mật khẩu cần ít nhất 8 ký tự.</translation>
        </message>
        <message>
            <source>Enter the agent's name.</source>
            <translation>Nhập họ tên cán bộ.</translation>
        </message>
        <message>
            <source>Enter the agent code.</source>
            <translation>Nhập mã cán bộ.</translation>
        </message>
        <message>
            <source>Choose at least one commune.</source>
            <translation>Chọn ít nhất một xã, phường.</translation>
        </message>
        <message>
            <source>Enter the server's address as your supervisor gave it, starting with https:// or http://, e.g. https://bhxh.example.vn</source>
            <translation>Nhập địa chỉ máy chủ do người quản lý cung cấp, bắt đầu bằng https:// hoặc http://, ví dụ https://bhxh.example.vn</translation>
        </message>
        <message>
            <source>Enter your user name.</source>
            <translation>Nhập tên đăng nhập.</translation>
        </message>
        <message>
            <source>Enter the enrollment code.</source>
            <translation>Nhập mã đăng ký thiết bị.</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Đang kết nối…</translation>
        </message>
        <message>
            <source>The code is wrong or was already used; ask your supervisor for a new one. Check the user name too.</source>
            <translation>Mã sai hoặc đã được dùng; hãy xin người quản lý cấp mã mới. Kiểm tra cả tên đăng nhập.</translation>
        </message>
        <message>
            <source>Too many attempts from this laptop; wait a minute and try again.</source>
            <translation>Máy này đã thử quá nhiều lần; hãy chờ một phút rồi thử lại.</translation>
        </message>
        <message>
            <source>The server answered with an error (%1); try again in a few minutes.</source>
            <translation>Máy chủ trả về lỗi (%1); hãy thử lại sau vài phút.</translation>
        </message>
        <message>
            <source>No server answers at this address: check the address and the connection.</source>
            <translation>Không có máy chủ nào trả lời ở địa chỉ này: hãy kiểm tra địa chỉ và kết nối mạng.</translation>
        </message>
        <message>
            <source>This address does not look like a server's, e.g. https://bhxh.example.vn</source>
            <translation>Địa chỉ này không giống địa chỉ máy chủ, ví dụ https://bhxh.example.vn</translation>
        </message>
        <message>
            <source>The server at this address is not a BHXH sync server, or too new: %1</source>
            <translation>Máy chủ ở địa chỉ này không phải máy chủ đồng bộ BHXH, hoặc mới hơn ứng dụng: %1</translation>
        </message>
        <message>
            <source>Creating your encrypted profile…</source>
            <translation>Đang tạo hồ sơ mã hóa trên máy này…</translation>
        </message>
        <message>
            <source>Connected as %1 (%2).</source>
            <translation>Đã kết nối: %1 (%2).</translation>
        </message>
        <message>
            <source>This laptop already has a profile for this agent: cancel, then unlock it with its passphrase.</source>
            <translation>Máy này đã có hồ sơ của cán bộ này: hãy bấm Hủy rồi mở khóa hồ sơ đó bằng mật khẩu của nó.</translation>
        </message>
        <message>
            <source>The profile could not be created: %1</source>
            <translation>Không tạo được hồ sơ: %1</translation>
        </message>
        <message>
            <source>Downloading reference data and your records…</source>
            <translation>Đang tải dữ liệu tham chiếu và hồ sơ của anh/chị…</translation>
        </message>
        <message>
            <source>Received %v of %m</source>
            <translation>Đã nhận %v/%m</translation>
        </message>
        <message>
            <source>Downloading reference data and your records: %1 received so far.</source>
            <translation>Đang tải dữ liệu tham chiếu và hồ sơ của anh/chị: đã nhận %1 bản ghi.</translation>
        </message>
        <message>
            <source>Sent %v of %m</source>
            <translation>Đã gửi %v/%m</translation>
        </message>
        <message>
            <source>The first download stopped: %1
Your profile is ready and what arrived is kept; the rest comes at the next sync.</source>
            <translation>Lần tải đầu tiên bị dừng: %1
Hồ sơ đã sẵn sàng và những gì đã nhận được vẫn được giữ; phần còn lại sẽ về ở lần đồng bộ sau.</translation>
        </message>
    </context>
    <context>
        <name>FixDialog</name>
        <message>
            <source>Fix and send again</source>
            <translation>Sửa và gửi lại</translation>
        </message>
        <message>
            <source>&amp;Send again</source>
            <translation>&amp;Gửi lại</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>FollowupDetailDialog</name>
        <message>
            <source>Follow-up</source>
            <translation>Hẹn gặp lại</translation>
        </message>
        <message>
            <source>Come back on:</source>
            <translation>Hẹn quay lại ngày:</translation>
        </message>
        <message>
            <source>About:</source>
            <translation>Người cần gặp:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Lý do:</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Đã thực hiện</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Chưa thực hiện</translation>
        </message>
        <message>
            <source>State:</source>
            <translation>Tình trạng:</translation>
        </message>
    </context>
    <context>
        <name>ForgotPassphraseDialog</name>
        <message>
            <source>Forgot the passphrase?</source>
            <translation>Quên mật khẩu?</translation>
        </message>
        <message>
            <source>&lt;p&gt;Nobody can recover or reset the passphrase: the data on this laptop is encrypted with it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;What is lost:&lt;/b&gt; the changes not yet synced on this laptop. They cannot be read without the passphrase (how many there are is not known either).&lt;/p&gt;&lt;p&gt;&lt;b&gt;The way back:&lt;/b&gt;&lt;/p&gt;&lt;ol&gt;&lt;li&gt;If you have a backup whose passphrase you remember, choose “Restore from a backup…”.&lt;/li&gt;&lt;li&gt;Otherwise ask your supervisor for a new enrollment code, create a new profile with a new passphrase and connect it to the server: the first sync brings back every record the server has for your communes.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;“Set this profile aside” moves the old profile out of the list without deleting it, so it still opens if you remember the passphrase later.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Không ai có thể lấy lại hay đặt lại mật khẩu: dữ liệu trên máy này được mã hóa bằng chính mật khẩu đó.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Phần bị mất:&lt;/b&gt; các thay đổi chưa đồng bộ trên máy này. Không thể đọc chúng khi không có mật khẩu (cũng không biết có bao nhiêu thay đổi như vậy).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Cách lấy lại dữ liệu:&lt;/b&gt;&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Nếu có bản sao lưu mà bạn còn nhớ mật khẩu, hãy chọn “Khôi phục từ bản sao lưu…”.&lt;/li&gt;&lt;li&gt;Nếu không, hãy xin cán bộ quản lý một mã đăng ký thiết bị mới, tạo hồ sơ mới với mật khẩu mới và kết nối với máy chủ: lần đồng bộ đầu tiên sẽ tải về mọi bản ghi mà máy chủ có cho các xã của bạn.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;“Để riêng hồ sơ này” đưa hồ sơ cũ ra khỏi danh sách mà không xóa, để vẫn mở được nếu sau này bạn nhớ lại mật khẩu.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>&amp;Set this profile aside and start again</source>
            <translation>Để &amp;riêng hồ sơ này và bắt đầu lại</translation>
        </message>
        <message>
            <source>The profile is open behind the lock: to set it aside, quit the app and choose “Forgot the passphrase?” on the next start.</source>
            <translation>Hồ sơ đang mở phía sau màn hình khóa: muốn để riêng hồ sơ này, hãy thoát ứng dụng và chọn “Quên mật khẩu?” ở lần mở sau.</translation>
        </message>
        <message>
            <source>The profile could not be moved: %1</source>
            <translation>Không chuyển được hồ sơ: %1</translation>
        </message>
    </context>
    <context>
        <name>HouseholdDialog</name>
        <message>
            <source>Edit household</source>
            <translation>Sửa thông tin hộ</translation>
        </message>
        <message>
            <source>New household</source>
            <translation>Thêm hộ gia đình</translation>
        </message>
        <message>
            <source>— choose —</source>
            <translation>— chọn —</translation>
        </message>
        <message>
            <source>e.g. Ấp Tân Hòa</source>
            <translation>ví dụ: Ấp Tân Hòa</translation>
        </message>
        <message>
            <source>10 digits, e.g. 0912 345 678</source>
            <translation>10 chữ số, ví dụ 0912 345 678</translation>
        </message>
        <message>
            <source>&amp;Head of household:</source>
            <translation>&amp;Chủ hộ:</translation>
        </message>
        <message>
            <source>Co&amp;mmune:</source>
            <translation>&amp;Xã, phường:</translation>
        </message>
        <message>
            <source>&amp;Village / hamlet:</source>
            <translation>&amp;Thôn / ấp:</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>Đị&amp;a chỉ:</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>Điện th&amp;oại:</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <source>Add this member to the &amp;list</source>
            <translation>Thêm thành viên này &amp;vào danh sách</translation>
        </message>
        <message>
            <source>Take back to edit</source>
            <translation>Lấy ra để sửa</translation>
        </message>
    </context>
    <context>
        <name>HouseholdHealthDialog</name>
        <message>
            <source>Household health insurance</source>
            <translation>BHYT hộ gia đình</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Đang tải…</translation>
        </message>
        <message>
            <source>Payment</source>
            <translation>Thanh toán</translation>
        </message>
        <message>
            <source>Outreach event:</source>
            <translation>Hoạt động truyền thông:</translation>
        </message>
        <message>
            <source>Total to pay</source>
            <translation>Tổng số tiền phải đóng</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Save the enrollment (Ctrl+Enter)</source>
            <translation>Lưu hồ sơ đăng ký (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>&amp;Issue receipt</source>
            <translation>&amp;Lập biên lai</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>Not charged, already covered by another group: %1</source>
            <translation>Không thu tiền vì đã có BHYT theo nhóm khác: %1</translation>
        </message>
        <message>
            <source>%1 months</source>
            <translation>%1 tháng</translation>
        </message>
        <message>
            <source>%1 members — household health insurance, %2 months from %3</source>
            <translation>%1 người — BHYT hộ gia đình, %2 tháng từ %3</translation>
        </message>
    </context>
    <context>
        <name>HouseholdPage</name>
        <message>
            <source>← &amp;Back to the list</source>
            <translation>← &amp;Quay lại danh sách</translation>
        </message>
        <message>
            <source>Enter or a double click opens the entry's own record.</source>
            <translation>Nhấn Enter hoặc nhấp đúp để xem chi tiết mục đã chọn.</translation>
        </message>
        <message>
            <source>&amp;Edit household</source>
            <translation>&amp;Sửa thông tin hộ</translation>
        </message>
        <message>
            <source>&amp;Add member</source>
            <translation>&amp;Thêm thành viên</translation>
        </message>
        <message>
            <source>Edit &amp;member</source>
            <translation>Sửa thành &amp;viên</translation>
        </message>
        <message>
            <source>&amp;Remove member</source>
            <translation>&amp;Xóa thành viên</translation>
        </message>
        <message>
            <source>&amp;Log a visit</source>
            <translation>&amp;Ghi nhận lần thăm</translation>
        </message>
        <message>
            <source>Enroll in &amp;voluntary insurance</source>
            <translation>Đăng ký BHXH tự &amp;nguyện</translation>
        </message>
        <message>
            <source>&amp;Household health insurance</source>
            <translation>BHYT &amp;hộ gia đình</translation>
        </message>
        <message>
            <source>&amp;Print a receipt again</source>
            <translation>&amp;In lại biên lai</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <source>Visits, enrollments and receipts</source>
            <translation>Lần thăm, đăng ký và biên lai</translation>
        </message>
        <message>
            <source>Removed %1 from the household.</source>
            <translation>Đã xóa %1 khỏi hộ.</translation>
        </message>
    </context>
    <context>
        <name>Households</name>
        <message>
            <source>New</source>
            <translation>Chưa thăm</translation>
        </message>
    </context>
    <context>
        <name>HouseholdsModel</name>
        <message>
            <source>Head of household</source>
            <translation>Chủ hộ</translation>
        </message>
        <message>
            <source>Address / village</source>
            <translation>Địa chỉ / thôn, ấp</translation>
        </message>
        <message>
            <source>Commune</source>
            <translation>Xã, phường</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>Lần thăm gần nhất</translation>
        </message>
        <message>
            <source>Found by</source>
            <translation>Tìm thấy qua</translation>
        </message>
        <message>
            <source>CCCD %1</source>
            <translation>CCCD %1</translation>
        </message>
        <message>
            <source>Phone %1</source>
            <translation>SĐT %1</translation>
        </message>
        <message>
            <source>Village: %1</source>
            <translation>Thôn/ấp: %1</translation>
        </message>
        <message>
            <source>Address: %1</source>
            <translation>Địa chỉ: %1</translation>
        </message>
    </context>
    <context>
        <name>HouseholdsPage</name>
        <message>
            <source>Search by name, CCCD, phone or village — diacritics optional</source>
            <translation>Tìm theo họ tên, CCCD, điện thoại hoặc thôn, ấp — gõ có dấu hay không dấu đều được</translation>
        </message>
        <message>
            <source>All communes</source>
            <translation>Tất cả xã, phường</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>Mọi tình trạng</translation>
        </message>
        <message>
            <source>Sea&amp;rch:</source>
            <translation>&amp;Tìm:</translation>
        </message>
        <message>
            <source>First %1 households shown; type more to narrow the search.</source>
            <translation>Đang hiện %1 hộ đầu tiên; gõ thêm để thu hẹp kết quả.</translation>
        </message>
        <message>
            <source>%1 households found.</source>
            <translation>Tìm thấy %1 hộ.</translation>
        </message>
    </context>
    <context>
        <name>Insurance</name>
        <message>
            <source>Voluntary SI</source>
            <translation>BHXH tự nguyện</translation>
        </message>
        <message>
            <source>Household HI</source>
            <translation>BHYT hộ gia đình</translation>
        </message>
        <message>
            <source>Voluntary SI + household HI</source>
            <translation>BHXH TN + BHYT HGĐ</translation>
        </message>
        <message>
            <source>Covered elsewhere</source>
            <translation>Đã có BHYT nơi khác</translation>
        </message>
        <message>
            <source>Not insured</source>
            <translation>Chưa tham gia</translation>
        </message>
    </context>
    <context>
        <name>LedgerDialog</name>
        <message>
            <source>Receipt ledger</source>
            <translation>Sổ biên lai</translation>
        </message>
        <message>
            <source>All receipts</source>
            <translation>Tất cả biên lai</translation>
        </message>
        <message>
            <source>Live only</source>
            <translation>Chỉ biên lai còn hiệu lực</translation>
        </message>
        <message>
            <source>Voided only</source>
            <translation>Chỉ biên lai đã hủy</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>&amp;Từ ngày:</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>Đế&amp;n ngày:</translation>
        </message>
        <message>
            <source>S&amp;how:</source>
            <translation>&amp;Xem:</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>&amp;Mở…</translation>
        </message>
        <message>
            <source>&amp;Void…</source>
            <translation>&amp;Hủy biên lai…</translation>
        </message>
        <message>
            <source>Void the selected receipt with a reason; this cannot be undone once synced</source>
            <translation>Hủy biên lai đang chọn, có ghi lý do; đã đồng bộ thì không khôi phục được</translation>
        </message>
        <message>
            <source>Receipt &amp;details…</source>
            <translation>Thông tin &amp;in trên biên lai…</translation>
        </message>
        <message>
            <source>The BHXH office, collection organisation and series printed on receipts</source>
            <translation>Cơ quan BHXH, đơn vị được ủy quyền thu và ký hiệu in trên biên lai</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Live receipts: %1, total %2. Voided: %3 (not counted).</source>
            <translation>Biên lai còn hiệu lực: %1, tổng %2. Đã hủy: %3 (không tính).</translation>
        </message>
    </context>
    <context>
        <name>LedgerModel</name>
        <message>
            <source>Receipt no.</source>
            <translation>Số biên lai</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Payer</source>
            <translation>Người nộp tiền</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Số tiền</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Confirmation code</source>
            <translation>Mã xác nhận</translation>
        </message>
        <message>
            <source>Voided</source>
            <translation>Đã hủy</translation>
        </message>
        <message>
            <source>Live</source>
            <translation>Còn hiệu lực</translation>
        </message>
        <message>
            <source>not yet</source>
            <translation>chưa có</translation>
        </message>
        <message>
            <source>Voided: %1</source>
            <translation>Đã hủy: %1</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>BHXH field agent</source>
            <translation>Cán bộ thu BHXH</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Hôm nay</translation>
        </message>
        <message>
            <source>Households</source>
            <translation>Hộ gia đình</translation>
        </message>
        <message>
            <source>Events &amp; targets</source>
            <translation>Hoạt động &amp; chỉ tiêu</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>Cần xử lý</translation>
        </message>
        <message>
            <source>Scripts</source>
            <translation>Kịch bản tư vấn</translation>
        </message>
        <message>
            <source>Calls</source>
            <translation>Danh sách gọi</translation>
        </message>
        <message>
            <source>&amp;New household</source>
            <translation>Hộ &amp;mới</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Tìm kiếm</translation>
        </message>
        <message>
            <source>S&amp;ync now</source>
            <translation>Đồng bộ &amp;ngay</translation>
        </message>
        <message>
            <source>&amp;Close the day</source>
            <translation>&amp;Chốt sổ cuối ngày</translation>
        </message>
        <message>
            <source>&amp;Export lists for BHXH…</source>
            <translation>&amp;Xuất danh sách cho BHXH…</translation>
        </message>
        <message>
            <source>&amp;Receipt ledger</source>
            <translation>Sổ &amp;biên lai</translation>
        </message>
        <message>
            <source>&amp;Backup…</source>
            <translation>&amp;Sao lưu…</translation>
        </message>
        <message>
            <source>&amp;Lock now</source>
            <translation>&amp;Khóa ngay</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>T&amp;hoát</translation>
        </message>
        <message>
            <source>Main toolbar</source>
            <translation>Thanh công cụ chính</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>Tệ&amp;p</translation>
        </message>
        <message>
            <source>&amp;Settings</source>
            <translation>&amp;Cài đặt</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Ngôn ngữ</translation>
        </message>
        <message>
            <source>&amp;Preferences…</source>
            <translation>&amp;Tùy chọn…</translation>
        </message>
        <message>
            <source>&amp;About…</source>
            <translation>&amp;Giới thiệu…</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Hoàn tác</translation>
        </message>
        <message>
            <source>No server is connected yet.</source>
            <translation>Chưa kết nối máy chủ.</translation>
        </message>
        <message>
            <source>&amp;Progress against the targets</source>
            <translation>&amp;Tiến độ thực hiện chỉ tiêu</translation>
        </message>
        <message>
            <source>&amp;Events: totals and sign-ups</source>
            <translation>&amp;Hoạt động truyền thông: tổng hợp và lượt đăng ký</translation>
        </message>
        <message>
            <source>Campai&amp;gn</source>
            <translation>Chiến &amp;dịch</translation>
        </message>
        <message>
            <source>Backup written: %1</source>
            <translation>Đã ghi bản sao lưu: %1</translation>
        </message>
        <message>
            <source>No backup was made: %1</source>
            <translation>Chưa sao lưu được: %1</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Ngôn ngữ</translation>
        </message>
        <message>
            <source>The new language takes effect the next time the app starts.</source>
            <translation>Ngôn ngữ mới sẽ được áp dụng từ lần mở ứng dụng sau.</translation>
        </message>
    </context>
    <context>
        <name>MemberDialog</name>
        <message>
            <source>Edit member</source>
            <translation>Sửa thông tin thành viên</translation>
        </message>
        <message>
            <source>Add a member</source>
            <translation>Thêm thành viên</translation>
        </message>
    </context>
    <context>
        <name>MemberEditor</name>
        <message>
            <source>— choose —</source>
            <translation>— chọn —</translation>
        </message>
        <message>
            <source>From 01/01/1900 to today</source>
            <translation>Từ 01/01/1900 đến hôm nay</translation>
        </message>
        <message>
            <source>12 digits</source>
            <translation>12 chữ số</translation>
        </message>
        <message>
            <source>10 digits, e.g. 0912 345 678</source>
            <translation>10 chữ số, ví dụ 0912 345 678</translation>
        </message>
        <message>
            <source>Already has health insurance elsewhere</source>
            <translation>Đã có thẻ BHYT theo nhóm khác</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>&amp;Họ và tên:</translation>
        </message>
        <message>
            <source>&amp;Relationship:</source>
            <translation>&amp;Quan hệ với chủ hộ:</translation>
        </message>
        <message>
            <source>Date of &amp;birth:</source>
            <translation>Ngày &amp;sinh:</translation>
        </message>
        <message>
            <source>Se&amp;x:</source>
            <translation>&amp;Giới tính:</translation>
        </message>
        <message>
            <source>CCC&amp;D:</source>
            <translation>CCC&amp;D:</translation>
        </message>
        <message>
            <source>Phon&amp;e:</source>
            <translation>Đ&amp;iện thoại:</translation>
        </message>
        <message>
            <source>E&amp;thnicity:</source>
            <translation>Dâ&amp;n tộc:</translation>
        </message>
    </context>
    <context>
        <name>MembersModel</name>
        <message>
            <source>Member</source>
            <translation>Thành viên</translation>
        </message>
        <message>
            <source>Age</source>
            <translation>Tuổi</translation>
        </message>
        <message>
            <source>Relationship</source>
            <translation>Quan hệ với chủ hộ</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>Thứ tự</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>Tỷ lệ</translation>
        </message>
        <message>
            <source>A month</source>
            <translation>Mỗi tháng</translation>
        </message>
        <message>
            <source>Already covered by another group (employee, pensioner, student…)</source>
            <translation>Đã có BHYT theo nhóm khác (người lao động, hưu trí, học sinh – sinh viên…)</translation>
        </message>
        <message>
            <source>Covered elsewhere</source>
            <translation>Đã có thẻ BHYT</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>CCCD</source>
            <translation>CCCD</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Ngày sinh</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>Giới tính</translation>
        </message>
        <message>
            <source>Insurance</source>
            <translation>Bảo hiểm</translation>
        </message>
        <message>
            <source>Voluntary SI paid</source>
            <translation>BHXH TN đã đóng</translation>
        </message>
        <message>
            <source>Health insurance card</source>
            <translation>Thẻ BHYT</translation>
        </message>
        <message>
            <source>Voluntary social insurance paid from %1 to %2</source>
            <translation>BHXH tự nguyện đã đóng từ %1 đến %2</translation>
        </message>
        <message>
            <source>Household health insurance card valid from %1 to %2</source>
            <translation>Thẻ BHYT hộ gia đình có giá trị từ %1 đến %2</translation>
        </message>
    </context>
    <context>
        <name>NoteCounter</name>
        <message>
            <source>Cash by note</source>
            <translation>Kiểm đếm tiền mặt theo mệnh giá</translation>
        </message>
        <message>
            <source>Notes of %1</source>
            <translation>Số tờ %1</translation>
        </message>
        <message>
            <source>Whole notes only, 0 to %1 of each kind.</source>
            <translation>Chỉ nhập số tờ nguyên, từ 0 đến %1 tờ mỗi mệnh giá.</translation>
        </message>
        <message>
            <source>Type how many notes of each value you have: the total and any difference with the receipts (%1) follow.</source>
            <translation>Nhập số tờ của từng mệnh giá: tổng tiền và chênh lệch so với biên lai (%1) sẽ hiện ra.</translation>
        </message>
        <message>
            <source>Counted %1 in %2 notes — %3 (receipts: %4)</source>
            <translation>Đếm được %1 (%2 tờ) — %3 (theo biên lai: %4)</translation>
        </message>
    </context>
    <context>
        <name>ProgressDialog</name>
        <message>
            <source>Progress against the targets</source>
            <translation>Tiến độ thực hiện chỉ tiêu</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>ProgressPage</name>
        <message>
            <source>&amp;Target:</source>
            <translation>&amp;Chỉ tiêu:</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>Chỉ tiêu</translation>
        </message>
        <message>
            <source>Plan</source>
            <translation>Kế hoạch</translation>
        </message>
        <message>
            <source>Achieved</source>
            <translation>Đã đạt</translation>
        </message>
        <message>
            <source>Achievement</source>
            <translation>Tỷ lệ đạt</translation>
        </message>
        <message>
            <source>Expected by today</source>
            <translation>Cần đạt đến hôm nay</translation>
        </message>
        <message>
            <source>Needed per day</source>
            <translation>Cần mỗi ngày</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Hạn hoàn thành</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Trạng thái</translation>
        </message>
        <message>
            <source>Green: on pace (achieved ≥ expected by today). Amber: behind, at %1 % of the expected figure or more. Red: below %1 % of the expected figure. Expected by today = target × days elapsed ÷ days of the campaign.</source>
            <translation>Xanh: đúng tiến độ (đã đạt ≥ cần đạt đến hôm nay). Vàng: hơi chậm, đạt từ %1 % mức cần đạt trở lên. Đỏ: dưới %1 % mức cần đạt. Cần đạt đến hôm nay = chỉ tiêu × số ngày đã qua ÷ số ngày của chiến dịch.</translation>
        </message>
        <message>
            <source>voluntary social insurance, new participants</source>
            <translation>BHXH tự nguyện, người tham gia mới</translation>
        </message>
        <message>
            <source>household health insurance, new members</source>
            <translation>BHYT hộ gia đình, người tham gia mới</translation>
        </message>
        <message>
            <source>outreach events</source>
            <translation>buổi tuyên truyền</translation>
        </message>
        <message>
            <source>Agent %1 (%2) — %3</source>
            <translation>Đại lý %1 (%2) — %3</translation>
        </message>
        <message>
            <source>All communes — %1</source>
            <translation>Tất cả xã, phường — %1</translation>
        </message>
        <message>
            <source>On pace</source>
            <translation>Đúng tiến độ</translation>
        </message>
        <message>
            <source>Slightly behind</source>
            <translation>Hơi chậm</translation>
        </message>
        <message>
            <source>Behind</source>
            <translation>Chậm tiến độ</translation>
        </message>
        <message>
            <source>deadline passed</source>
            <translation>đã quá hạn</translation>
        </message>
        <message>
            <source>No targets received yet: sync to receive them.</source>
            <translation>Chưa nhận được chỉ tiêu: hãy đồng bộ để nhận.</translation>
        </message>
        <message>
            <source>Target %1</source>
            <translation>Chỉ tiêu %1</translation>
        </message>
        <message>
            <source>revised from %1 on %2</source>
            <translation>điều chỉnh từ %1 ngày %2</translation>
        </message>
        <message>
            <source>achieved %1 (%2 %)</source>
            <translation>đã đạt %1 (%2 %)</translation>
        </message>
        <message>
            <source>expected by today %1</source>
            <translation>cần đạt đến hôm nay %1</translation>
        </message>
        <message>
            <source>needed per day from now %1 (%2 days left)</source>
            <translation>từ nay cần %1 mỗi ngày (còn %2 ngày)</translation>
        </message>
        <message>
            <source>the deadline has passed</source>
            <translation>đã quá hạn hoàn thành</translation>
        </message>
        <message>
            <source>Sign-ups</source>
            <translation>Lượt đăng ký</translation>
        </message>
        <message>
            <source>Sign-ups per day, %1 – %2</source>
            <translation>Lượt đăng ký mỗi ngày, %1 – %2</translation>
        </message>
        <message>
            <source>Cumulative sign-ups against the target</source>
            <translation>Lũy kế lượt đăng ký so với chỉ tiêu</translation>
        </message>
        <message>
            <source>Expected (pace)</source>
            <translation>Cần đạt theo tiến độ</translation>
        </message>
        <message>
            <source>Needed from now</source>
            <translation>Cần đạt từ nay</translation>
        </message>
        <message>
            <source>voluntary SI</source>
            <translation>BHXH TN</translation>
        </message>
        <message>
            <source>household HI</source>
            <translation>BHYT HGĐ</translation>
        </message>
        <message>
            <source>events</source>
            <translation>sự kiện</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Tất cả</translation>
        </message>
        <message>
            <source>Achievement, percent of the target</source>
            <translation>Tỷ lệ đạt so với chỉ tiêu (%)</translation>
        </message>
    </context>
    <context>
        <name>ReceiptDetailsDialog</name>
        <message>
            <source>Receipt details</source>
            <translation>Thông tin in trên biên lai</translation>
        </message>
        <message>
            <source>As printed on your receipt books (form C45-BB). Leave a field empty to print a blank line instead.</source>
            <translation>Ghi đúng như trên quyển biên lai (mẫu C45-BB). Để trống thì biên lai in dòng trống để ghi tay.</translation>
        </message>
        <message>
            <source>Issuing BHXH &amp;office:</source>
            <translation>&amp;Cơ quan BHXH:</translation>
        </message>
        <message>
            <source>Collection or&amp;ganisation:</source>
            <translation>Đơn vị được ủy quyền &amp;thu:</translation>
        </message>
        <message>
            <source>S&amp;eries (ký hiệu):</source>
            <translation>&amp;Ký hiệu:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>ReceiptDialog</name>
        <message>
            <source>Receipt</source>
            <translation>Biên lai</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Đang tải…</translation>
        </message>
        <message>
            <source>Save as P&amp;DF…</source>
            <translation>Lưu thành P&amp;DF…</translation>
        </message>
        <message>
            <source>&amp;Print…</source>
            <translation>&amp;In…</translation>
        </message>
        <message>
            <source>Print the receipt on paper</source>
            <translation>In biên lai ra giấy</translation>
        </message>
        <message>
            <source>No printer is installed on this computer: save the PDF and print it.</source>
            <translation>Máy tính này chưa cài máy in: hãy lưu PDF rồi in.</translation>
        </message>
        <message>
            <source>&amp;Void…</source>
            <translation>&amp;Hủy biên lai…</translation>
        </message>
        <message>
            <source>Cancel a wrong receipt: it stays in the ledger with its number, marked voided</source>
            <translation>Hủy biên lai lập sai: biên lai vẫn nằm trong sổ với số của nó, ghi là đã hủy</translation>
        </message>
        <message>
            <source>Confirmation &amp;code…</source>
            <translation>Nhập &amp;mã xác nhận…</translation>
        </message>
        <message>
            <source>Enter the confirmation code BHXH returned</source>
            <translation>Nhập mã xác nhận cơ quan BHXH trả về</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Receipt %1 of %2.</source>
            <translation>Biên lai số %1 ngày %2.</translation>
        </message>
        <message>
            <source>VOIDED: %1</source>
            <translation>ĐÃ HỦY: %1</translation>
        </message>
        <message>
            <source>Printed before: the next print is marked COPY.</source>
            <translation>Đã in trước đây: lần in sau ghi BẢN SAO.</translation>
        </message>
        <message>
            <source>Save the receipt as PDF</source>
            <translation>Lưu biên lai thành tệp PDF</translation>
        </message>
        <message>
            <source>Saved to %1</source>
            <translation>Đã lưu vào %1</translation>
        </message>
        <message>
            <source>Sent to the printer %1</source>
            <translation>Đã gửi tới máy in %1</translation>
        </message>
        <message>
            <source>Not printed: the printer %1 could not be used.</source>
            <translation>Chưa in: không dùng được máy in %1.</translation>
        </message>
    </context>
    <context>
        <name>ReceiptPaper</name>
        <message>
            <source>BHXH OFFICE</source>
            <translation>BẢO HIỂM XÃ HỘI</translation>
        </message>
        <message>
            <source>Collecting for BHXH</source>
            <translation>Đơn vị được BHXH ủy quyền thu</translation>
        </message>
        <message>
            <source>Form C45-BB</source>
            <translation>Mẫu số C45-BB</translation>
        </message>
        <message>
            <source>Series</source>
            <translation>Ký hiệu</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>Số</translation>
        </message>
        <message>
            <source>RECEIPT</source>
            <translation>BIÊN LAI THU TIỀN</translation>
        </message>
        <message>
            <source>Date: {d:02d}/{m:02d}/{y}</source>
            <translation>Ngày {d:02d} tháng {m:02d} năm {y}</translation>
        </message>
        <message>
            <source>Payer</source>
            <comment>payer</comment>
            <translation>Họ tên người nộp tiền</translation>
        </message>
        <message>
            <source>BHXH code</source>
            <translation>Mã số BHXH</translation>
        </message>
        <message>
            <source>ID number (CCCD)</source>
            <translation>Số CCCD</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Địa chỉ</translation>
        </message>
        <message>
            <source>For</source>
            <translation>Nội dung thu</translation>
        </message>
        <message>
            <source>Voluntary social insurance contribution</source>
            <translation>Đóng tiền tham gia BHXH tự nguyện</translation>
        </message>
        <message>
            <source>Household health insurance contribution</source>
            <translation>Đóng tiền tham gia BHYT hộ gia đình</translation>
        </message>
        <message>
            <source>{n} months</source>
            <translation>{n} tháng</translation>
        </message>
        <message>
            <source>from {start} to {end}</source>
            <comment>month_period</comment>
            <translation>từ tháng {start} đến tháng {end}</translation>
        </message>
        <message>
            <source>from {start} to {end}</source>
            <comment>day_period</comment>
            <translation>từ ngày {start} đến ngày {end}</translation>
        </message>
        <message>
            <source>Participants</source>
            <translation>Người tham gia</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Số tiền</translation>
        </message>
        <message>
            <source>In words (Vietnamese)</source>
            <translation>Bằng chữ</translation>
        </message>
        <message>
            <source>BHXH confirmation code</source>
            <translation>Mã xác nhận của cơ quan BHXH</translation>
        </message>
        <message>
            <source>(not yet)</source>
            <translation>(chưa có)</translation>
        </message>
        <message>
            <source>Check the confirmation code on the BHXH portal %1 (Tra cứu, look-up) or in the VssID app.</source>
            <translation>Tra cứu mã xác nhận trên Cổng thông tin BHXH Việt Nam %1 (mục Tra cứu) hoặc trên ứng dụng VssID.</translation>
        </message>
        <message>
            <source>Payer</source>
            <comment>payer_sign</comment>
            <translation>Người nộp tiền</translation>
        </message>
        <message>
            <source>Collector</source>
            <translation>Người thu tiền</translation>
        </message>
        <message>
            <source>(Signature and full name)</source>
            <translation>(Ký, ghi rõ họ tên)</translation>
        </message>
        <message>
            <source>Collector code</source>
            <translation>Mã nhân viên thu</translation>
        </message>
        <message>
            <source>COPY</source>
            <translation>BẢN SAO</translation>
        </message>
        <message>
            <source>VOIDED</source>
            <translation>ĐÃ HỦY</translation>
        </message>
        <message>
            <source>Voided on {on}. Reason: {reason}</source>
            <translation>Hủy ngày {on}. Lý do: {reason}</translation>
        </message>
        <message>
            <source>QR: number, date, amount, payer, collector</source>
            <translation>Mã QR: số, ngày, số tiền, người nộp, người thu</translation>
        </message>
    </context>
    <context>
        <name>RecordDetailDialog</name>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>RecordForm</name>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>RefusalReasons</name>
        <message>
            <source>Cannot afford it</source>
            <translation>Không đủ khả năng đóng</translation>
        </message>
        <message>
            <source>Already insured elsewhere</source>
            <translation>Đã có bảo hiểm khác</translation>
        </message>
        <message>
            <source>Does not trust the scheme yet</source>
            <translation>Chưa tin tưởng vào chính sách</translation>
        </message>
        <message>
            <source>Too old to contribute long enough</source>
            <translation>Tuổi cao, không đủ thời gian đóng</translation>
        </message>
        <message>
            <source>Needs to discuss it with the family</source>
            <translation>Cần bàn thêm với gia đình</translation>
        </message>
        <message>
            <source>Irregular income</source>
            <translation>Thu nhập không ổn định</translation>
        </message>
        <message>
            <source>Other reason</source>
            <translation>Lý do khác</translation>
        </message>
    </context>
    <context>
        <name>RemittanceSlip</name>
        <message>
            <source>Over by %1</source>
            <translation>Thừa %1</translation>
        </message>
        <message>
            <source>Short by %1</source>
            <translation>Thiếu %1</translation>
        </message>
        <message>
            <source>Matches the receipts</source>
            <translation>Đủ, khớp với biên lai</translation>
        </message>
        <message>
            <source>Cash collected for voluntary social insurance and household health insurance</source>
            <translation>Tiền thu BHXH tự nguyện, BHYT hộ gia đình</translation>
        </message>
        <message>
            <source>REMITTANCE SLIP</source>
            <translation>BẢNG KÊ NỘP TIỀN</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Đại lý</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Mệnh giá</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>Số tờ</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>Số tiền</translation>
        </message>
        <message>
            <source>Total counted</source>
            <translation>Tổng tiền đếm được</translation>
        </message>
        <message>
            <source>In words</source>
            <translation>Bằng chữ</translation>
        </message>
        <message>
            <source>Receipts of the day</source>
            <translation>Số biên lai trong ngày</translation>
        </message>
        <message>
            <source>Total of the receipts</source>
            <translation>Tổng tiền theo biên lai</translation>
        </message>
        <message>
            <source>Difference (counted − receipts)</source>
            <translation>Chênh lệch (tiền đếm − biên lai)</translation>
        </message>
        <message>
            <source>Remitted by (agent)</source>
            <translation>Người nộp tiền (đại lý)</translation>
        </message>
        <message>
            <source>(Signature and full name)</source>
            <translation>(Ký, ghi rõ họ tên)</translation>
        </message>
        <message>
            <source>Received by</source>
            <translation>Người nhận tiền</translation>
        </message>
    </context>
    <context>
        <name>RenewalTexts</name>
        <message>
            <source>Dear %1, your %2 has been paid up to %3. Please contact your collection agent %4 to continue.</source>
            <translation>Kính gửi %1, %2 của anh/chị đã đóng đến hết ngày %3. Đề nghị anh/chị liên hệ cán bộ thu %4 để tiếp tục tham gia.</translation>
        </message>
        <message>
            <source>Dear %1, your %2 has been paid up to %3. To continue from %4 to %5 (%6 months), the next payment is %7 at today's rates. You can pay your collection agent %8 (code %9) in cash, or online on the National Public Service Portal (dichvucong.gov.vn) or in the VssID app. Thank you.</source>
            <translation>Kính gửi %1, %2 của anh/chị đã đóng đến hết ngày %3. Để tiếp tục tham gia từ %4 đến %5 (%6 tháng), số tiền cần đóng là %7 theo mức hiện hành. Anh/chị có thể đóng tiền mặt cho cán bộ thu %8 (mã %9), hoặc đóng trực tuyến trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hay ứng dụng VssID. Xin cảm ơn.</translation>
        </message>
    </context>
    <context>
        <name>RestoreDialog</name>
        <message>
            <source>Restore from a backup</source>
            <translation>Khôi phục từ bản sao lưu</translation>
        </message>
        <message>
            <source>Choose a backup file (%1) and enter the passphrase the profile had when the backup was made.</source>
            <translation>Chọn tệp sao lưu (%1) và nhập mật khẩu của hồ sơ vào lúc tạo bản sao lưu.</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>Chọn &amp;tệp…</translation>
        </message>
        <message>
            <source>Backup file:</source>
            <translation>Tệp sao lưu:</translation>
        </message>
        <message>
            <source>Pass&amp;phrase:</source>
            <translation>Mật &amp;khẩu:</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>&amp;Restore</source>
            <translation>Khôi &amp;phục</translation>
        </message>
        <message>
            <source>Choose a backup file</source>
            <translation>Chọn tệp sao lưu</translation>
        </message>
        <message>
            <source>Backups (%1)</source>
            <translation>Bản sao lưu (%1)</translation>
        </message>
        <message>
            <source>This is not a backup file of this app.</source>
            <translation>Đây không phải tệp sao lưu của ứng dụng này.</translation>
        </message>
        <message>
            <source>Backup of %1 (%2), made %3: %4 records.</source>
            <translation>Bản sao lưu của %1 (%2), tạo lúc %3: %4 bản ghi.</translation>
        </message>
        <message>
            <source>%1 changes were not yet synced when it was made: they come back with it and are sent at the next sync.</source>
            <translation>Có %1 thay đổi chưa đồng bộ vào lúc sao lưu: chúng được khôi phục cùng và sẽ được gửi ở lần đồng bộ tới.</translation>
        </message>
        <message>
            <source>Wrong passphrase: enter the one the profile had when the backup was made. Nothing was created or changed.</source>
            <translation>Sai mật khẩu: hãy nhập mật khẩu của hồ sơ vào lúc tạo bản sao lưu. Không có gì được tạo hay thay đổi.</translation>
        </message>
        <message>
            <source>This backup was made by a newer version of the app: update the app, then restore it. Nothing was changed.</source>
            <translation>Bản sao lưu này do phiên bản mới hơn của ứng dụng tạo ra: hãy cập nhật ứng dụng rồi khôi phục. Không có gì bị thay đổi.</translation>
        </message>
        <message>
            <source>The backup could not be restored: %1</source>
            <translation>Không khôi phục được bản sao lưu: %1</translation>
        </message>
        <message>
            <source>Replace the profile?</source>
            <translation>Thay thế hồ sơ?</translation>
        </message>
        <message>
            <source>A profile %1 already exists on this laptop. Replace it with the backup? The current one is not deleted: it is kept aside in the folder %2.</source>
            <translation>Trên máy này đã có hồ sơ %1. Thay thế bằng bản sao lưu? Hồ sơ hiện tại không bị xóa: nó được giữ riêng trong thư mục %2.</translation>
        </message>
    </context>
    <context>
        <name>ScriptChoice</name>
        <message>
            <source>Show…</source>
            <translation>Xem…</translation>
        </message>
        <message>
            <source>Show the script to the person in large type</source>
            <translation>Cho người dân xem kịch bản bằng chữ lớn</translation>
        </message>
    </context>
    <context>
        <name>ScriptFullScreen</name>
        <message>
            <source>Close (Esc)</source>
            <translation>Đóng (Esc)</translation>
        </message>
    </context>
    <context>
        <name>ScriptsPage</name>
        <message>
            <source>Scripts</source>
            <translation>Kịch bản tư vấn</translation>
        </message>
        <message>
            <source>Search the scripts (diacritics optional)</source>
            <translation>Tìm kịch bản (gõ có dấu hoặc không dấu)</translation>
        </message>
        <message>
            <source>No script matches.</source>
            <translation>Không có kịch bản nào phù hợp.</translation>
        </message>
        <message>
            <source>Show f&amp;ull screen</source>
            <translation>Xem &amp;toàn màn hình</translation>
        </message>
        <message>
            <source>Show the script to the person in large type (F11)</source>
            <translation>Cho người dân xem kịch bản bằng chữ lớn (F11)</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Cài đặt</translation>
        </message>
        <message>
            <source>This laptop is registered with this server. Change the address only when your supervisor says the same server has moved.</source>
            <translation>Máy này đã được đăng ký với máy chủ này. Chỉ đổi địa chỉ khi người quản lý báo rằng chính máy chủ đó đã chuyển sang địa chỉ mới.</translation>
        </message>
        <message>
            <source>This profile is not connected to a server. To connect it, enter the address, your user name and the one-time enrollment code from your supervisor.</source>
            <translation>Hồ sơ này chưa kết nối máy chủ. Để kết nối, hãy nhập địa chỉ, tên đăng nhập và mã đăng ký dùng một lần do người quản lý cấp.</translation>
        </message>
        <message>
            <source>C&amp;onnect this laptop</source>
            <translation>Kết nối má&amp;y này</translation>
        </message>
        <message>
            <source>A new language applies the next time the app starts.</source>
            <translation>Ngôn ngữ mới được áp dụng từ lần mở ứng dụng sau.</translation>
        </message>
        <message>
            <source>Sync a&amp;utomatically</source>
            <translation>&amp;Tự động đồng bộ</translation>
        </message>
        <message>
            <source> min</source>
            <translation> phút</translation>
        </message>
        <message>
            <source>only when back online</source>
            <translation>chỉ khi có mạng trở lại</translation>
        </message>
        <message>
            <source>When the server answers again after being offline, what is waiting is sent at once; while online, a sync runs at this interval.</source>
            <translation>Khi máy chủ trả lời lại sau lúc mất mạng, dữ liệu đang chờ được gửi ngay; khi đang có mạng, máy tự đồng bộ theo chu kỳ này.</translation>
        </message>
        <message>
            <source>&amp;Receipts folder:</source>
            <translation>Thư mục &amp;biên lai:</translation>
        </message>
        <message>
            <source>Re&amp;ports folder:</source>
            <translation>Thư mục báo &amp;cáo:</translation>
        </message>
        <message>
            <source>the profile's own folder</source>
            <translation>thư mục riêng của hồ sơ</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Chọn…</translation>
        </message>
        <message>
            <source>Server &amp;address:</source>
            <translation>Địa chỉ &amp;máy chủ:</translation>
        </message>
        <message>
            <source>User &amp;name:</source>
            <translation>Tên đăn&amp;g nhập:</translation>
        </message>
        <message>
            <source>Enrollment &amp;code:</source>
            <translation>Mã đăng &amp;ký thiết bị:</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>&amp;Ngôn ngữ:</translation>
        </message>
        <message>
            <source>Sync &amp;every:</source>
            <translation>Đồng bộ mỗ&amp;i:</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Enter a web address starting with https:// or http://, e.g. https://bhxh.example.vn</source>
            <translation>Nhập địa chỉ web bắt đầu bằng https:// hoặc http://, ví dụ https://bhxh.example.vn</translation>
        </message>
        <message>
            <source>Enter your user name and the enrollment code.</source>
            <translation>Nhập tên đăng nhập và mã đăng ký thiết bị.</translation>
        </message>
        <message>
            <source>Connected. The first sync brings your records and the reference data.</source>
            <translation>Đã kết nối. Lần đồng bộ đầu tiên sẽ tải hồ sơ của anh/chị và dữ liệu tham chiếu.</translation>
        </message>
        <message>
            <source>The code is wrong or was already used; ask your supervisor for a new one. Check the user name too.</source>
            <translation>Mã sai hoặc đã được dùng; hãy xin người quản lý cấp mã mới. Kiểm tra cả tên đăng nhập.</translation>
        </message>
        <message>
            <source>No server answers at this address: check the address and the connection.</source>
            <translation>Không có máy chủ nào trả lời ở địa chỉ này: hãy kiểm tra địa chỉ và kết nối mạng.</translation>
        </message>
        <message>
            <source>Choose a folder</source>
            <translation>Chọn thư mục</translation>
        </message>
        <message>
            <source>The folder %1 does not exist.</source>
            <translation>Thư mục %1 không tồn tại.</translation>
        </message>
        <message>
            <source>Change the server address?</source>
            <translation>Đổi địa chỉ máy chủ?</translation>
        </message>
        <message>
            <source>This laptop is registered with the server at %1. Use %2 from now on?
Only the same server at a new address knows this laptop; another server will refuse to sync until the laptop is registered there.</source>
            <translation>Máy này đã được đăng ký với máy chủ tại %1. Từ nay dùng %2?
Chỉ chính máy chủ đó ở địa chỉ mới mới nhận ra máy này; máy chủ khác sẽ từ chối đồng bộ cho đến khi máy được đăng ký ở đó.</translation>
        </message>
        <message>
            <source>&amp;Change</source>
            <translation>Đổ&amp;i địa chỉ</translation>
        </message>
        <message>
            <source>Keep the old address</source>
            <translation>Giữ địa chỉ cũ</translation>
        </message>
    </context>
    <context>
        <name>SyncReasons</name>
        <message>
            <source>The record is in a commune you are not assigned to.</source>
            <translation>Bản ghi thuộc xã/phường không nằm trong địa bàn được giao.</translation>
        </message>
        <message>
            <source>Its household or person is not on the server.</source>
            <translation>Hộ gia đình hoặc người tham gia của bản ghi này chưa có trên máy chủ.</translation>
        </message>
        <message>
            <source>The operation id was already used with other content.</source>
            <translation>Mã thao tác đã được dùng cho nội dung khác.</translation>
        </message>
        <message>
            <source>The record was deleted on the server.</source>
            <translation>Bản ghi đã bị xoá trên máy chủ.</translation>
        </message>
        <message>
            <source>The amount differs from what the server computes under the rules.</source>
            <translation>Số tiền khác với số tiền máy chủ tính lại theo quy định.</translation>
        </message>
        <message>
            <source>The receipt number is already used by another receipt.</source>
            <translation>Số biên lai đã được dùng cho biên lai khác.</translation>
        </message>
        <message>
            <source>The record was made by someone else and cannot be changed.</source>
            <translation>Bản ghi do người khác lập, không sửa được.</translation>
        </message>
        <message>
            <source>Changed on the server too: %1</source>
            <translation>Đã bị sửa trên máy chủ: %1</translation>
        </message>
        <message>
            <source>Changed on the server too</source>
            <translation>Đã bị sửa trên máy chủ</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusWidget</name>
        <message>
            <source>Sync &amp;now</source>
            <translation>Đồng bộ &amp;ngay</translation>
        </message>
        <message>
            <source>Not connected to a server</source>
            <translation>Chưa kết nối máy chủ</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Đang kiểm tra…</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Trực tuyến</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Ngoại tuyến</translation>
        </message>
        <message>
            <source>%1 to send</source>
            <translation>Chờ gửi: %1</translation>
        </message>
        <message>
            <source>Last sync %1</source>
            <translation>Đồng bộ lần cuối: %1</translation>
        </message>
        <message>
            <source>Never synced</source>
            <translation>Chưa đồng bộ lần nào</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Đang đồng bộ…</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Đang gửi</translation>
        </message>
        <message>
            <source>Receiving</source>
            <translation>Đang nhận</translation>
        </message>
        <message>
            <source>This laptop's clock is %1 minutes off the server's; check it.</source>
            <translation>Đồng hồ máy này lệch %1 phút so với máy chủ; hãy chỉnh lại.</translation>
        </message>
        <message>
            <source>Server unreachable; everything is kept and will be sent later.</source>
            <translation>Không kết nối được máy chủ; dữ liệu vẫn được lưu và sẽ gửi sau.</translation>
        </message>
        <message>
            <source>This app is too old for the server: install the new version before syncing. Nothing unsent is lost; it stays on this laptop.</source>
            <translation>Phiên bản ứng dụng này đã cũ so với máy chủ: hãy cài phiên bản mới trước khi đồng bộ. Dữ liệu chưa gửi không mất, vẫn nằm trên máy này.</translation>
        </message>
        <message>
            <source>Sync stopped: %1</source>
            <translation>Đồng bộ bị dừng: %1</translation>
        </message>
        <message>
            <source>Sent %1, %2 need attention</source>
            <translation>Đã gửi %1, %2 cần xử lý</translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <source>Visit</source>
            <translation>Lần thăm</translation>
        </message>
        <message>
            <source>Enrollment</source>
            <translation>Đăng ký</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Biên lai</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>Hẹn gặp lại</translation>
        </message>
        <message>
            <source>VOIDED</source>
            <translation>ĐÃ HỦY</translation>
        </message>
        <message>
            <source>done</source>
            <translation>đã thực hiện</translation>
        </message>
    </context>
    <context>
        <name>TodayPage</name>
        <message>
            <source>visits today</source>
            <translation>lần thăm hôm nay</translation>
        </message>
        <message>
            <source>sign-ups today</source>
            <translation>lượt đăng ký hôm nay</translation>
        </message>
        <message>
            <source>collected today</source>
            <translation>đã thu hôm nay</translation>
        </message>
        <message>
            <source>Nothing due today.</source>
            <translation>Hôm nay không có lịch hẹn.</translation>
        </message>
        <message>
            <source>Nobody's paid period ends in the next 30 days.</source>
            <translation>Không có ai hết hạn đóng trong 30 ngày tới.</translation>
        </message>
        <message>
            <source>Follow-ups due</source>
            <translation>Cần quay lại</translation>
        </message>
        <message>
            <source>Paid period ends within 30 days</source>
            <translation>Sắp hết hạn đóng (trong 30 ngày)</translation>
        </message>
        <message>
            <source>Today, %1</source>
            <translation>Hôm nay, %1</translation>
        </message>
        <message>
            <source>%1 changes waiting to be sent.</source>
            <translation>%1 thay đổi đang chờ gửi.</translation>
        </message>
        <message>
            <source>Never synced yet.</source>
            <translation>Chưa đồng bộ lần nào.</translation>
        </message>
        <message>
            <source>Last sync: %1.</source>
            <translation>Đồng bộ lần cuối: %1.</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <source>Locked</source>
            <translation>Đã khóa</translation>
        </message>
        <message>
            <source>Unlock your profile</source>
            <translation>Mở khóa hồ sơ</translation>
        </message>
        <message>
            <source>The app was locked after a period of inactivity.</source>
            <translation>Ứng dụng đã tự khóa vì lâu không thao tác.</translation>
        </message>
        <message>
            <source>Choose your profile and enter your passphrase.</source>
            <translation>Chọn hồ sơ của bạn và nhập mật khẩu.</translation>
        </message>
        <message>
            <source>P&amp;rofile:</source>
            <translation>&amp;Hồ sơ:</translation>
        </message>
        <message>
            <source>Pass&amp;phrase:</source>
            <translation>Mật &amp;khẩu:</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>&amp;Mở khóa</translation>
        </message>
        <message>
            <source>&amp;New profile…</source>
            <translation>Tạo hồ sơ mớ&amp;i…</translation>
        </message>
        <message>
            <source>Restore from a &amp;backup…</source>
            <translation>Khôi &amp;phục từ bản sao lưu…</translation>
        </message>
        <message>
            <source>&amp;Forgot the passphrase?</source>
            <translation>&amp;Quên mật khẩu?</translation>
        </message>
        <message>
            <source>Wrong passphrase. Nothing was changed; please try again.</source>
            <translation>Sai mật khẩu. Không có gì bị thay đổi; vui lòng thử lại.</translation>
        </message>
        <message>
            <source>The profile could not be opened: %1</source>
            <translation>Không mở được hồ sơ: %1</translation>
        </message>
    </context>
    <context>
        <name>VisitDetailDialog</name>
        <message>
            <source>Visit</source>
            <translation>Lần thăm</translation>
        </message>
        <message>
            <source>The household</source>
            <translation>Cả hộ</translation>
        </message>
        <message>
            <source>Date:</source>
            <translation>Ngày:</translation>
        </message>
        <message>
            <source>Who was seen:</source>
            <translation>Người được thăm:</translation>
        </message>
        <message>
            <source>Outcome:</source>
            <translation>Kết quả:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Lý do:</translation>
        </message>
        <message>
            <source>In their own words:</source>
            <translation>Lời người dân:</translation>
        </message>
        <message>
            <source>Come back on:</source>
            <translation>Hẹn quay lại ngày:</translation>
        </message>
        <message>
            <source>Script used:</source>
            <translation>Kịch bản đã dùng:</translation>
        </message>
        <message>
            <source>At the event:</source>
            <translation>Tại hoạt động:</translation>
        </message>
        <message>
            <source>Notes:</source>
            <translation>Ghi chú:</translation>
        </message>
    </context>
    <context>
        <name>VisitDialog</name>
        <message>
            <source>Log a visit</source>
            <translation>Ghi nhận lần thăm</translation>
        </message>
        <message>
            <source>The household</source>
            <translation>Cả hộ</translation>
        </message>
        <message>
            <source>Not after today</source>
            <translation>Không sau ngày hôm nay</translation>
        </message>
        <message>
            <source>— choose a reason —</source>
            <translation>— chọn lý do —</translation>
        </message>
        <message>
            <source>Come back on</source>
            <translation>Quay lại vào ngày</translation>
        </message>
        <message>
            <source>Not before the visit</source>
            <translation>Không trước ngày thăm</translation>
        </message>
        <message>
            <source>No script</source>
            <translation>Không dùng kịch bản</translation>
        </message>
        <message>
            <source>&amp;Who:</source>
            <translation>Người được thă&amp;m:</translation>
        </message>
        <message>
            <source>&amp;Date:</source>
            <translation>&amp;Ngày:</translation>
        </message>
        <message>
            <source>O&amp;utcome:</source>
            <translation>&amp;Kết quả:</translation>
        </message>
        <message>
            <source>&amp;Reason:</source>
            <translation>Lý d&amp;o:</translation>
        </message>
        <message>
            <source>&amp;Follow-up:</source>
            <translation>&amp;Hẹn gặp lại:</translation>
        </message>
        <message>
            <source>Scrip&amp;t used:</source>
            <translation>Kịch &amp;bản đã dùng:</translation>
        </message>
        <message>
            <source>&amp;Notes:</source>
            <translation>Ghi &amp;chú:</translation>
        </message>
        <message>
            <source>In their own words (required)</source>
            <translation>Ghi lại lời người dân (bắt buộc)</translation>
        </message>
        <message>
            <source>In their own words (optional)</source>
            <translation>Ghi lại lời người dân (không bắt buộc)</translation>
        </message>
        <message>
            <source>Other reason: say what it is, in their own words.</source>
            <translation>Lý do khác: ghi rõ lý do theo lời người dân.</translation>
        </message>
    </context>
    <context>
        <name>VoidDialog</name>
        <message>
            <source>Void the receipt</source>
            <translation>Hủy biên lai</translation>
        </message>
        <message>
            <source>Void receipt %1 (%2)? It is never deleted: it stays in the ledger marked VOIDED, its number stays used, and it no longer counts in today's money. The enrollment can then get a new receipt. This cannot be undone once it is synced.</source>
            <translation>Hủy biên lai %1 (%2)? Biên lai không bị xóa: vẫn nằm trong sổ, ghi ĐÃ HỦY, số biên lai vẫn coi là đã dùng, và không còn tính vào tiền thu hôm nay. Sau đó có thể lập biên lai mới cho hồ sơ. Đã đồng bộ thì không khôi phục được.</translation>
        </message>
        <message>
            <source>&amp;Reason:</source>
            <translation>Lý d&amp;o:</translation>
        </message>
        <message>
            <source>e.g. wrong amount, wrong person</source>
            <translation>ví dụ: ghi sai số tiền, sai người nộp</translation>
        </message>
        <message>
            <source>&amp;Void the receipt</source>
            <translation>&amp;Hủy biên lai</translation>
        </message>
        <message>
            <source>&amp;Keep the receipt</source>
            <translation>&amp;Giữ lại biên lai</translation>
        </message>
    </context>
    <context>
        <name>VoluntaryEnrollmentDialog</name>
        <message>
            <source>Voluntary social insurance enrollment</source>
            <translation>Đăng ký BHXH tự nguyện</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Đang tải…</translation>
        </message>
        <message>
            <source>Enrollment</source>
            <translation>Đăng ký tham gia</translation>
        </message>
        <message>
            <source>e.g. 2.000.000</source>
            <translation>ví dụ 2.000.000</translation>
        </message>
        <message>
            <source>&amp;Floor</source>
            <translation>Mức &amp;sàn</translation>
        </message>
        <message>
            <source>&amp;2 × floor</source>
            <translation>&amp;Gấp đôi mức sàn</translation>
        </message>
        <message>
            <source>Minimum: the rural poverty line; maximum: 20 × the base salary.</source>
            <translation>Tối thiểu: chuẩn hộ nghèo khu vực nông thôn; tối đa: 20 lần mức lương cơ sở.</translation>
        </message>
        <message>
            <source> months</source>
            <translation> tháng</translation>
        </message>
        <message>
            <source>Outreach event:</source>
            <translation>Hoạt động truyền thông:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Save the enrollment (Ctrl+Enter)</source>
            <translation>Lưu hồ sơ đăng ký (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>&amp;Issue receipt</source>
            <translation>&amp;Lập biên lai</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
        <message numerus="yes">
            <source>%n years old</source>
            <translation>
                <numerusform>%n tuổi</numerusform>
            </translation>
        </message>
        <message>
            <source>Minimum %1, maximum %2 on %3</source>
            <translation>Tối thiểu %1, tối đa %2 (tại ngày %3)</translation>
        </message>
        <message>
            <source>&amp;Floor %1</source>
            <translation>Mức &amp;sàn %1</translation>
        </message>
        <message>
            <source>&amp;2 × floor %1</source>
            <translation>&amp;Gấp đôi: %1</translation>
        </message>
        <message>
            <source>1 to %1 months</source>
            <translation>từ 1 đến %1 tháng</translation>
        </message>
        <message>
            <source>set by the payment method</source>
            <translation>theo phương thức đóng</translation>
        </message>
        <message>
            <source>%1 — voluntary social insurance, %2 months from %3</source>
            <translation>%1 — BHXH tự nguyện, %2 tháng từ %3</translation>
        </message>
    </context>
    <context>
        <name>VoluntaryQuotePanel</name>
        <message>
            <source>Quote</source>
            <translation>Số tiền phải đóng</translation>
        </message>
        <message>
            <source>Contribution (22 %) a month</source>
            <translation>Mức đóng (22 %) mỗi tháng</translation>
        </message>
        <message>
            <source>State support a month</source>
            <translation>Nhà nước hỗ trợ mỗi tháng</translation>
        </message>
        <message>
            <source>Payable a month</source>
            <translation>Người tham gia đóng mỗi tháng</translation>
        </message>
        <message>
            <source>Months</source>
            <translation>Số tháng</translation>
        </message>
        <message>
            <source>Discount for paying in advance</source>
            <translation>Giảm trừ do đóng trước</translation>
        </message>
        <message>
            <source>Total to pay</source>
            <translation>Tổng số tiền phải đóng</translation>
        </message>
        <message>
            <source>Provisional: a rate is announced, not yet confirmed</source>
            <translation>Tạm tính: có mức đã công bố nhưng chưa có văn bản xác nhận</translation>
        </message>
        <message>
            <source>Pension estimate if paying until %1: %2 a month (%3 % of income)</source>
            <translation>Lương hưu ước tính nếu đóng đến %1: %2 mỗi tháng (%3 % mức thu nhập)</translation>
        </message>
        <message>
            <source>Paying until %1 gives %2 months; a pension needs %3 more.</source>
            <translation>Đóng đến %1 được %2 tháng; để hưởng lương hưu cần đóng thêm %3 tháng.</translation>
        </message>
    </context>
    <context>
        <name>WhenRows</name>
        <message>
            <source>The money is taken today: this is the date printed on the receipt.</source>
            <translation>Tiền được thu hôm nay: đây là ngày in trên biên lai.</translation>
        </message>
        <message>
            <source>From month</source>
            <translation>Từ tháng</translation>
        </message>
        <message>
            <source>%1 (today, the receipt's date)</source>
            <translation>%1 (hôm nay, ngày của biên lai)</translation>
        </message>
        <message>
            <source>Month and year cover starts (mm/yyyy), from %1 to %2</source>
            <translation>Tháng/năm bắt đầu tham gia (mm/yyyy), từ %1 đến %2</translation>
        </message>
    </context>
    <context>
        <name>_ScriptTexts</name>
        <message>
            <source>Numbers at the rates in force on %1 (rates %2).</source>
            <translation>Số liệu theo mức đóng hiện hành ngày %1 (bảng mức %2).</translation>
        </message>
        <message>
            <source>Some rates are announced but not yet confirmed.</source>
            <translation>Một số mức mới được công bố, chưa được xác nhận.</translation>
        </message>
        <message>
            <source>The numbers that matter</source>
            <translation>Những con số cần nhớ</translation>
        </message>
        <message>
            <source>What people say, and what to answer</source>
            <translation>Người dân thường hỏi và cách trả lời</translation>
        </message>
    </context>
    <context>
        <name>_Words</name>
        <message>
            <source>Contacted</source>
            <translation>Đã liên hệ</translation>
        </message>
        <message>
            <source>Promised to pay</source>
            <translation>Hứa sẽ đóng</translation>
        </message>
        <message>
            <source>Renewed</source>
            <translation>Đã gia hạn</translation>
        </message>
        <message>
            <source>Lapsed</source>
            <translation>Không tiếp tục</translation>
        </message>
    </context>
    <context>
        <name>save_files</name>
        <message>
            <source>Not saved: %1 could not be written (%2). If the file is open in a PDF viewer, close it and save again, or choose another name.</source>
            <translation>Chưa lưu: không ghi được %1 (%2). Nếu tệp đang mở trong trình xem PDF, hãy đóng lại rồi lưu lại, hoặc chọn tên khác.</translation>
        </message>
    </context>
    <context>
        <name>Vocab</name>
        <message>
            <source>Child</source>
            <translation>Con</translation>
        </message>
        <message>
            <source>Child-in-law</source>
            <translation>Con dâu/con rể</translation>
        </message>
        <message>
            <source>Enrolled</source>
            <translation>Đã tham gia</translation>
        </message>
        <message>
            <source>Ethnic minority</source>
            <translation>Người dân tộc thiểu số</translation>
        </message>
        <message>
            <source>Every 12 months</source>
            <translation>12 tháng một lần</translation>
        </message>
        <message>
            <source>Every 3 months</source>
            <translation>3 tháng một lần</translation>
        </message>
        <message>
            <source>Every 6 months</source>
            <translation>6 tháng một lần</translation>
        </message>
        <message>
            <source>Female</source>
            <translation>Nữ</translation>
        </message>
        <message>
            <source>Grandchild</source>
            <translation>Cháu</translation>
        </message>
        <message>
            <source>Grandparent</source>
            <translation>Ông/bà</translation>
        </message>
        <message>
            <source>Head</source>
            <translation>Chủ hộ</translation>
        </message>
        <message>
            <source>Household health insurance</source>
            <translation>BHYT hộ gia đình</translation>
        </message>
        <message>
            <source>Interested</source>
            <translation>Quan tâm</translation>
        </message>
        <message>
            <source>Lump sum in advance</source>
            <translation>Đóng một lần cho nhiều năm về sau</translation>
        </message>
        <message>
            <source>Male</source>
            <translation>Nam</translation>
        </message>
        <message>
            <source>Monthly</source>
            <translation>Hằng tháng</translation>
        </message>
        <message>
            <source>Near-poor household</source>
            <translation>Hộ cận nghèo</translation>
        </message>
        <message>
            <source>Not home</source>
            <translation>Vắng nhà</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Đối tượng khác</translation>
        </message>
        <message>
            <source>Other relative</source>
            <translation>Người thân khác</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>Bố/mẹ</translation>
        </message>
        <message>
            <source>Parent-in-law</source>
            <translation>Bố/mẹ vợ/chồng</translation>
        </message>
        <message>
            <source>Poor household</source>
            <translation>Hộ nghèo</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>Từ chối</translation>
        </message>
        <message>
            <source>Sibling</source>
            <translation>Anh/chị/em</translation>
        </message>
        <message>
            <source>Spouse</source>
            <translation>Vợ/chồng</translation>
        </message>
        <message>
            <source>Voluntary social insurance</source>
            <translation>BHXH tự nguyện</translation>
        </message>
    </context>
</TS>
