<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en_US">
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
        <message>
            <source>Saved to %1</source>
            <translation>Đã lưu vào %1</translation>
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
        <name>DraftForm</name>
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
        <name>EnrollmentDialog</name>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
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
            <source>Connect to the central server (optional)</source>
            <translation>Kết nối máy chủ trung tâm (không bắt buộc)</translation>
        </message>
        <message>
            <source>Server address:</source>
            <translation>Địa chỉ máy chủ:</translation>
        </message>
        <message>
            <source>User name:</source>
            <translation>Tên đăng nhập:</translation>
        </message>
        <message>
            <source>Enrollment code:</source>
            <translation>Mã đăng ký thiết bị:</translation>
        </message>
        <message>
            <source>C&amp;reate profile</source>
            <translation>Tạo hồ &amp;sơ</translation>
        </message>
        <message>
            <source>Restore from a &amp;backup…</source>
            <translation>Khôi &amp;phục từ bản sao lưu…</translation>
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
            <source>The passphrase needs at least 8 characters.</source>
            <translation>Mật khẩu cần ít nhất 8 ký tự.</translation>
        </message>
        <message>
            <source>Fill in the server address, user name and enrollment code.</source>
            <translation>Nhập địa chỉ máy chủ, tên đăng nhập và mã đăng ký thiết bị.</translation>
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
            <source>Undo</source>
            <translation>Hoàn tác</translation>
        </message>
        <message>
            <source>No server is connected yet.</source>
            <translation>Chưa kết nối máy chủ.</translation>
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
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
        <message>
            <source>Receipt %1 of %2.</source>
            <translation>Biên lai số %1 ngày %2.</translation>
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
        <name>RecordDetailDialog</name>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
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
            <translation>&amp;Khôi phục</translation>
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
            <source>&amp;Save</source>
            <translation>&amp;Lưu</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Hủy</translation>
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
        <name>save_files</name>
        <message>
            <source>Not saved: %1 could not be written (%2). If the file is open in a PDF viewer, close it and save again, or choose another name.</source>
            <translation>Chưa lưu: không ghi được %1 (%2). Nếu tệp đang mở trong trình xem PDF, hãy đóng lại rồi lưu lại, hoặc chọn tên khác.</translation>
        </message>
    </context>
</TS>
